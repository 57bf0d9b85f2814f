import type { Sql } from '../ledger';
import type { CampaignRow, InsertedRecipients } from './campaign-store';

/** One SMS recipient, checked by the submit service: `phone` is E.164. */
export interface SmsRecipientRow {
  readonly phone: string;
  readonly name?: string | null;
  readonly vars?: Record<string, unknown> | null;
}

/**
 * An SMS campaign's segment in the ledger. The E.164 number is the delivery's key
 * (`email_normalized`): a number listed twice is stored once, and a number on the account's
 * blacklist (an SMS opt-out, an operator's entry) is stored `suppressed`, as for email. An
 * email address never equals an E.164 number, so the email unsubscribes never suppress an SMS.
 */
export class SmsRecipientStore {
  async insert(
    sql: Sql,
    campaign: CampaignRow,
    recipients: readonly SmsRecipientRow[],
    now: Date,
  ): Promise<InsertedRecipients> {
    if (recipients.length === 0) return { queued: 0, suppressed: 0, duplicates: 0 };
    const res = await sql.query<{ status: string; n: string }>(
      `with input as (
         select * from unnest($3::text[], $4::text[], $5::jsonb[]) with ordinality as t(phone, name, vars, ord)
       ), inserted as (
         insert into deliveries (campaign_id, account_id, channel, phone, email, email_normalized, name, vars, status, reason, due_at, priority)
         select $1, $2, 'sms', i.phone, null, i.phone, i.name, i.vars,
                case when b.reason is null then 'queued' else 'suppressed' end,
                case when b.reason is null then null else 'blacklisted: ' || b.reason end,
                coalesce($6::timestamptz, $8::timestamptz), $7::smallint
           from input i
           left join blacklist b on b.account_id = $2 and b.email_normalized = i.phone
          order by i.ord
         on conflict (campaign_id, email_normalized) do nothing
         returning id, status
       ), events as (
         insert into delivery_events (delivery_id, from_status, to_status, detail)
         select id, null, status, case when status = 'suppressed' then 'blacklisted number' end from inserted
       )
       select status, count(*) as n from inserted group by status`,
      [
        campaign.id,
        campaign.account_id,
        recipients.map((r) => r.phone),
        recipients.map((r) => r.name ?? null),
        recipients.map((r) => (r.vars ? JSON.stringify(r.vars) : null)),
        campaign.send_at,
        campaign.priority,
        now,
      ],
    );
    const counts = Object.fromEntries(res.rows.map((r) => [r.status, Number(r.n)]));
    const queued = counts.queued ?? 0;
    const suppressed = counts.suppressed ?? 0;
    const duplicates = recipients.length - queued - suppressed;
    await sql.query(
      `update campaigns set recipient_count = recipient_count + $2, duplicate_count = duplicate_count + $3 where id = $1`,
      [campaign.id, queued + suppressed, duplicates],
    );
    return { queued, suppressed, duplicates };
  }
}
