import type { Sql } from '../ledger';
import { claimWithinLimit, SMS_QUOTA } from './claim-within-limit';
import { touchStaleDispatched, type ClaimedDelivery } from './delivery-store';

/** An account's SMS day: its own limit and use, apart from the email limit. */
export interface SmsDayRow {
  account_id: string;
  time_zone: string;
  status: 'active' | 'blocked';
  day: string;
  sms_daily_limit: number;
  sms_used: number;
}

/** What a batch of SMS outcomes changes in an account day. */
export interface SmsDayDelta {
  accountId: string;
  day: string;
  returned: number;
  delivered: number;
}

/**
 * The SMS daily limit (accounts.sms_daily_limit) and its use (quota_days.sms_used): the same
 * account day as email, opened and closed by the same rules, counted apart, so email and SMS
 * never take each other's limit. Claims lock the same account-day row as the email claim.
 */
export class SmsQuotaStore {
  /** Active accounts with SMS waiting. */
  async accountsWithWork(sql: Sql): Promise<string[]> {
    const res = await sql.query<{ id: string }>(
      `select a.id from accounts a where a.status = 'active'
          and exists (select 1 from deliveries d where d.account_id = a.id and d.channel = 'sms'
                         and d.status in ('queued', 'retrying', 'deferred'))
        order by a.id`,
    );
    return res.rows.map((r) => r.id);
  }

  /** SMS the sender has not yet handed to the SMS centre (those awaiting a receipt do not count). */
  async inFlight(sql: Sql): Promise<number> {
    const res = await sql.query<{ n: number }>(
      `select count(*)::int as n from deliveries
        where status in ('dispatched', 'sending') and channel = 'sms' and message_id is null`,
    );
    return res.rows[0].n;
  }

  async day(sql: Sql, accountId: string, now: Date): Promise<SmsDayRow | undefined> {
    const res = await sql.query<SmsDayRow>(
      `select a.id as account_id, a.time_zone, a.status, to_char(q.day, 'YYYY-MM-DD') as day, a.sms_daily_limit, q.sms_used
         from accounts a join quota_days q on q.account_id = a.id
          and q.day = ($2::timestamptz at time zone a.time_zone)::date
        where a.id = $1`,
      [accountId, now],
    );
    return res.rows[0];
  }

  /**
   * Claims up to `batch` SMS of an active account within what is left of today's SMS limit,
   * highest priority first, then in submission order; one statement under the day row's lock.
   */
  claim(sql: Sql, accountId: string, batch: number, now: Date): Promise<ClaimedDelivery[]> {
    return claimWithinLimit(sql, SMS_QUOTA, accountId, batch, now);
  }

  /** Whether due SMS wait that today's SMS limit cannot take. */
  async hasDueQueued(sql: Sql, accountId: string, now: Date): Promise<boolean> {
    const res = await sql.query(
      `select 1 from deliveries where account_id = $1 and channel = 'sms' and status = 'queued' and due_at <= $2 limit 1`,
      [accountId, now],
    );
    return (res.rowCount ?? 0) > 0;
  }

  /**
   * Plans the waiting SMS over the coming local days, `sms_daily_limit` a day, as the email
   * limit does: marked `deferred` with the day each will go. Returns how many changed.
   */
  async deferRest(sql: Sql, day: SmsDayRow, now: Date): Promise<number> {
    const res = await sql.query(
      `with ranked as (
         select id, status, row_number() over (order by priority desc, id) - 1 as rank from deliveries
          where account_id = $1 and channel = 'sms'
            and (status = 'deferred' or (status = 'queued' and due_at <= $5::timestamptz))
       ), planned as (
         select id, status, (($2::date + 1 + (rank / $3::int)::int)::timestamp at time zone $4) as go_at from ranked
       ), changed as (
         update deliveries d set status = 'deferred', due_at = p.go_at, updated_at = $5
           from planned p
          where d.id = p.id and d.status in ('queued', 'deferred') and (d.status = 'queued' or d.due_at is distinct from p.go_at)
         returning d.id, p.status as from_status, p.go_at
       )
       insert into delivery_events (delivery_id, from_status, to_status, detail)
       select id, 'queued', 'deferred', 'SMS daily limit reached; planned for ' || to_char(go_at at time zone $4, 'YYYY-MM-DD')
         from changed where from_status = 'queued'`,
      [day.account_id, day.day, Math.max(1, day.sms_daily_limit), day.time_zone, now],
    );
    return res.rowCount ?? 0;
  }

  /** SMS dispatched long ago whose message may have been lost: touched and returned to publish again. */
  touchStaleDispatched(sql: Sql, olderThanMs: number, limit: number, now: Date): Promise<ClaimedDelivery[]> {
    return touchStaleDispatched(sql, 'sms', olderThanMs, limit, now);
  }

  /** SMS the SMS centre took whose receipt never came: `unknown`, never resent. */
  async markReceiptlessUnknown(sql: Sql, olderThanMs: number, now: Date): Promise<number> {
    const res = await sql.query(
      `with stale as (
         update deliveries set status = 'unknown', reason = 'no delivery receipt from the SMS centre', updated_at = $2
          where status = 'sending' and channel = 'sms' and message_id is not null
            and updated_at < $2::timestamptz - make_interval(secs => $1::double precision / 1000)
         returning id
       )
       insert into delivery_events (delivery_id, from_status, to_status, detail)
       select id, 'sending', 'unknown', 'no delivery receipt from the SMS centre' from stale`,
      [olderThanMs, now],
    );
    return res.rowCount ?? 0;
  }

  /** Quota given back and receipts counted, one statement for a batch of outcomes. */
  async applyDeltas(sql: Sql, deltas: readonly SmsDayDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await sql.query(
      `update quota_days q set sms_used = greatest(0, q.sms_used - v.returned), sms_delivered = q.sms_delivered + v.delivered
         from unnest($1::text[], $2::date[], $3::int[], $4::int[]) as v(account_id, day, returned, delivered)
        where q.account_id = v.account_id and q.day = v.day`,
      [
        deltas.map((d) => d.accountId),
        deltas.map((d) => d.day),
        deltas.map((d) => d.returned),
        deltas.map((d) => d.delivered),
      ],
    );
  }
}
