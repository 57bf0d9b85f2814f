import type { Sql } from '../ledger';

export interface SendingSms {
  id: string;
  campaign_id: string;
  account_id: string;
  phone: string;
  name: string | null;
  vars: Record<string, unknown> | null;
  attempts: number;
  quota_day: string | null;
}

/** The SMS centre's answer to one accepted SMS: its message id, kept to match the receipt. */
export interface SubmittedSms {
  id: string;
  messageId: string;
  detail: string;
}

/** A delivery receipt, as the sender records it. */
export interface SmsReceiptRow {
  messageId: string;
  status: 'sent' | 'failed';
  detail: string;
}

/** A delivery a receipt changed, with what its account day needs. */
export interface ReceiptedSms {
  id: string;
  message_id: string;
  account_id: string;
  quota_day: string | null;
  status: string;
}

/**
 * SMS deliveries as the sender moves them, by the same guarded updates as email: `dispatched →
 * sending` takes ownership (a replayed message gets nothing), the SMS centre's message id is
 * written while the delivery stays `sending`, and the delivery receipt moves it to `sent` or
 * `failed`. Outcomes without a receipt (retrying, failed, unknown, suppressed) go through
 * DeliveryStore.recordOutcomes like email's.
 */
export class SmsDeliveryStore {
  async startSending(sql: Sql, ids: readonly string[], now: Date): Promise<SendingSms[]> {
    await sql.query(
      `with held as (
         update deliveries d set status = 'held', reason = 'account blocked', updated_at = $2
           from accounts a
          where d.id = any($1::bigint[]) and d.status = 'dispatched' and d.channel = 'sms'
            and a.id = d.account_id and a.status <> 'active'
         returning d.id, d.account_id, d.quota_day
       ), events as (
         insert into delivery_events (delivery_id, from_status, to_status, detail)
         select id, 'dispatched', 'held', 'account blocked' from held
       ), returned as (
         select account_id, quota_day, count(*) as n from held group by account_id, quota_day
       )
       update quota_days q set sms_used = greatest(0, q.sms_used - r.n)
         from returned r where q.account_id = r.account_id and q.day = r.quota_day`,
      [ids, now],
    );
    const res = await sql.query<SendingSms>(
      `with started as (
         update deliveries set status = 'sending', attempts = attempts + 1, updated_at = $2
          where id = any($1::bigint[]) and status = 'dispatched' and channel = 'sms'
         returning id, campaign_id, account_id, phone, name, vars, attempts, quota_day
       ), events as (
         insert into delivery_events (delivery_id, from_status, to_status) select id, 'dispatched', 'sending' from started
       )
       select id::text, campaign_id, account_id, phone, name, vars, attempts, to_char(quota_day, 'YYYY-MM-DD') as quota_day
         from started order by started.id`,
      [ids, now],
    );
    return res.rows;
  }

  /** An SMS campaign's text and sender, for the sender to render. */
  async campaign(sql: Sql, id: string): Promise<{ text: string; sms_from: string | null } | undefined> {
    const res = await sql.query<{ text: string; sms_from: string | null }>(
      `select coalesce(text, '') as text, sms_from from campaigns where id = $1 and channel = 'sms'`,
      [id],
    );
    return res.rows[0];
  }

  /** Blacklisted (opted-out) numbers among these deliveries, for the re-check right before sending. */
  async blacklisted(sql: Sql, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const res = await sql.query<{ id: string; reason: string }>(
      `select d.id::text, b.reason from deliveries d
         join blacklist b on b.account_id = d.account_id and b.email_normalized = d.email_normalized
        where d.id = any($1::bigint[])`,
      [ids],
    );
    return new Map(res.rows.map((r) => [r.id, r.reason]));
  }

  /** Keeps the SMS centre's message ids; the deliveries stay `sending` until their receipt. */
  async markSubmitted(sql: Sql, rows: readonly SubmittedSms[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await sql.query(
      `with input as (
         select * from unnest($1::bigint[], $2::text[], $3::text[]) as t(id, message_id, detail)
       ), changed as (
         update deliveries d set message_id = i.message_id, smtp_reply = i.detail, updated_at = $4
           from input i where d.id = i.id and d.status = 'sending'
         returning d.id, i.detail
       )
       insert into delivery_events (delivery_id, from_status, to_status, detail, smtp_reply)
       select id, 'sending', 'sending', 'accepted by the SMS centre; awaiting its receipt', detail from changed`,
      [rows.map((r) => r.id), rows.map((r) => r.messageId), rows.map((r) => r.detail), now],
    );
  }

  /**
   * Delivery receipts in one statement, matched by the SMS centre's message id; guarded on
   * `sending` (or `unknown`: a late receipt is still the truth). Returns the deliveries changed.
   */
  async recordReceipts(sql: Sql, receipts: readonly SmsReceiptRow[], now: Date): Promise<ReceiptedSms[]> {
    if (receipts.length === 0) return [];
    const res = await sql.query<ReceiptedSms>(
      `with input as (
         select distinct on (message_id) * from unnest($1::text[], $2::text[], $3::text[]) as t(message_id, status, detail)
       ), target as (
         select d.id, d.status as from_status, i.message_id, i.status, i.detail from deliveries d
           join input i on d.message_id = i.message_id
          where d.channel = 'sms' and d.status in ('sending', 'unknown')
          for update of d
       ), changed as (
         update deliveries d set status = t.status, smtp_reply = t.detail,
             reason = case when t.status = 'failed' then 'delivery receipt: ' || t.detail end,
             sent_at = case when t.status = 'sent' then $4::timestamptz else d.sent_at end, updated_at = $4
           from target t where d.id = t.id
         returning d.id, d.account_id, d.quota_day, t.status, t.from_status, t.message_id, t.detail
       ), events as (
         insert into delivery_events (delivery_id, from_status, to_status, detail, smtp_reply)
         select id, from_status, status, 'delivery receipt', detail from changed
       )
       select id::text, message_id, account_id, to_char(quota_day, 'YYYY-MM-DD') as quota_day, status from changed`,
      [receipts.map((r) => r.messageId), receipts.map((r) => r.status), receipts.map((r) => r.detail), now],
    );
    return res.rows;
  }

  /**
   * An inbound STOP: the number is blacklisted (`opted-out`) by every account that has sent it an
   * SMS. Its key is the E.164 number, so the same person's email stays possible. Returns the
   * accounts that added it now.
   */
  async optOut(sql: Sql, phone: string, text: string): Promise<string[]> {
    const res = await sql.query<{ account_id: string }>(
      `insert into blacklist (account_id, email_normalized, reason, source, diagnostic)
       select distinct account_id, $1, 'opted-out', 'sms-stop', $2 from deliveries
        where channel = 'sms' and email_normalized = $1
       on conflict (account_id, email_normalized) do nothing
       returning account_id`,
      [phone, `inbound SMS: ${text.slice(0, 160)}`],
    );
    return res.rows.map((r) => r.account_id);
  }
}
