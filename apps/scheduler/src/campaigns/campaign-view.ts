import type { CampaignRow } from '@postroom/ledger';

/** The campaign as the API shows it. */
export function campaignView(
  c: CampaignRow,
  counts?: Record<string, number>,
  reads?: { read: number; read_machine: number },
) {
  return {
    id: c.id,
    account: c.account_id,
    idempotencyKey: c.idempotency_key,
    from: c.from_address,
    subject: c.subject,
    sendAt: c.send_at ? new Date(c.send_at).toISOString() : null,
    recipientCount: c.recipient_count,
    duplicateCount: c.duplicate_count,
    createdAt: new Date(c.created_at).toISOString(),
    // the template check's findings on submit (severity, element, message)
    templateReport: c.template_report ?? [],
    ...(counts ? { counts } : {}),
    // read: opened or clicked by a person; read_machine: opened only by scanners, proxies, prefetch
    ...(reads ? { reads } : {}),
  };
}
