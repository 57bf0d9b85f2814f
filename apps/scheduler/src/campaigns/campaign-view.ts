import { smsView } from './sms-view';
import type { CampaignRow, Engagement, SpamCheckRow } from '@postroom/ledger';
import { spamCheckView } from '../spam/spam-check-view';

/** The campaign as the API shows it. */
export function campaignView(
  c: CampaignRow,
  counts?: Record<string, number>,
  reads?: { read: number; read_machine: number },
  throttled?: readonly { group: string; until: Date }[],
  engagement?: Engagement,
  spamCheck?: SpamCheckRow,
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
    state: c.state,
    // the template check's findings on submit (severity, element, message)
    templateReport: c.template_report ?? [],
    ...smsView(c),
    ...(counts ? { counts } : {}),
    // read: opened or clicked by a person; read_machine: opened only by scanners, proxies, prefetch
    ...(reads ? { reads } : {}),
    // reads and clicks by people only, and with scanners, proxies and gateways (machine) added
    ...(engagement ? { engagement } : {}),
    // the pre-send spam check (SPAMD_URL): score, rules that hit, held until released
    ...(spamCheck ? { spamCheck: spamCheckView(spamCheck) } : {}),
    // provider groups paused now for this campaign's mail (421/4.7.x back-off), until when
    ...(throttled
      ? { throttled: throttled.map((t) => ({ group: t.group, until: t.until.toISOString() })) }
      : {}),
  };
}
