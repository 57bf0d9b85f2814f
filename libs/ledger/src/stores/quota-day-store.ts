import type { Sql } from '../ledger';
import type { AccountRow } from './account-store';
import { CAMPAIGN_RUNS } from './campaign-state-store';
import { claimWithinLimit, EMAIL_QUOTA } from './claim-within-limit';
import type { ClaimedDelivery } from './delivery-store';

export interface AccountDayRow {
  account_id: string;
  day: string;
  daily_limit: number;
  used: number;
  delivered: number;
  hard_bounced: number;
  complaints: number;
  errors: number;
  /** SMS dispatched and confirmed this day, against the account's SMS limit (SmsQuotaStore). */
  sms_used: number;
  sms_delivered: number;
  closed_at: Date | null;
}

export interface DayCounts {
  delivered: number;
  hardBounced: number;
  complaints: number;
  errors: number;
}

/** One account's figures for the quota gauges. */
export interface AccountFigures {
  id: string;
  status: string;
  limit: number;
  used: number;
  deferred: number;
  delivered: number;
  hard_bounced: number;
  complaints: number;
  local_hour: number;
}

/**
 * Account days in the ledger: the daily limit, its use, and the outcome counters the
 * reputation rules read. Days are the account's local calendar days, computed by Postgres from
 * the injected clock's instant (`now`, never the database's own clock) and the account's IANA
 * time zone, so DST days of 23
 * or 25 hours need no special case.
 * The claims against a day's limit, and the planning of what waits past it, live here too:
 * they are the use of the account day.
 */
export class QuotaDayStore {
  /** The account's local date at `now`. */
  async localDay(sql: Sql, timeZone: string, now: Date): Promise<string> {
    const res = await sql.query<{ day: string }>(
      `select to_char(($2::timestamptz at time zone $1)::date, 'YYYY-MM-DD') as day`,
      [timeZone, now],
    );
    return res.rows[0].day;
  }

  async day(sql: Sql, accountId: string, day: string): Promise<AccountDayRow | undefined> {
    const res = await sql.query<AccountDayRow>(`${SELECT_DAY} where account_id = $1 and day = $2::date`, [
      accountId,
      day,
    ]);
    return res.rows[0];
  }

  /** Days before `day` that were opened and never closed, oldest first. */
  async unclosedDaysBefore(sql: Sql, accountId: string, day: string): Promise<AccountDayRow[]> {
    const res = await sql.query<AccountDayRow>(
      `${SELECT_DAY} where account_id = $1 and day < $2::date and closed_at is null order by day`,
      [accountId, day],
    );
    return res.rows;
  }

  async openDay(sql: Sql, accountId: string, day: string, limit: number): Promise<boolean> {
    const res = await sql.query(
      `insert into quota_days (account_id, day, daily_limit) values ($1, $2::date, $3) on conflict do nothing`,
      [accountId, day, limit],
    );
    return (res.rowCount ?? 0) > 0;
  }

  async closeDay(sql: Sql, accountId: string, day: string, now: Date): Promise<void> {
    await sql.query(`update quota_days set closed_at = $3 where account_id = $1 and day = $2::date`, [
      accountId,
      day,
      now,
    ]);
  }

  /** Sums the days in (endDay - days, endDay], from the account's window start on. */
  async windowCounts(sql: Sql, account: AccountRow, endDay: string, days: number): Promise<DayCounts> {
    const baseline = account.window_baseline;
    const res = await sql.query<{
      delivered: string;
      hard_bounced: string;
      complaints: string;
      errors: string;
    }>(
      `select coalesce(sum(delivered), 0) as delivered, coalesce(sum(hard_bounced), 0) as hard_bounced,
              coalesce(sum(complaints), 0) as complaints, coalesce(sum(errors), 0) as errors
         from quota_days
        where account_id = $1 and day > $2::date - $3::int and day <= $2::date
          and ($4::date is null or day >= $4::date)`,
      [account.id, endDay, days, baseline?.day ?? null],
    );
    const r = res.rows[0];
    const inWindow = baseline && baseline.day <= endDay;
    return {
      delivered: Math.max(0, Number(r.delivered) - (inWindow ? baseline.delivered : 0)),
      hardBounced: Math.max(0, Number(r.hard_bounced) - (inWindow ? baseline.hardBounced : 0)),
      complaints: Math.max(0, Number(r.complaints) - (inWindow ? baseline.complaints : 0)),
      errors: Number(r.errors),
    };
  }

  /** Applies today's limit to the open day too (an operator's change takes effect at once). */
  async setDayLimit(sql: Sql, accountId: string, day: string, limit: number): Promise<void> {
    await sql.query(`update quota_days set daily_limit = $3 where account_id = $1 and day = $2::date`, [
      accountId,
      day,
      limit,
    ]);
  }

  /**
   * Claims up to `batch` deliveries of an active account within what is left of today's limit,
   * highest priority first, then in submission order. One statement: the account day's row is
   * locked for its duration, so any number of schedulers claim exactly up to the limit.
   */
  claim(sql: Sql, accountId: string, batch: number, now: Date): Promise<ClaimedDelivery[]> {
    return claimWithinLimit(sql, EMAIL_QUOTA, accountId, batch, now);
  }

  /**
   * Plans the waiting work over the coming days: in claim order, the first `remainingToday`
   * stay for today; the rest are marked `deferred`, each with the day it is planned to go
   * (`limit` a day). Returns how many deliveries changed.
   */
  async deferRest(
    sql: Sql,
    account: AccountRow,
    today: string,
    remainingToday: number,
    now: Date,
  ): Promise<number> {
    const res = await sql.query(
      `with ranked as (
         select id, status, row_number() over (order by priority desc, id) - 1 - $6::int as rank from deliveries d
          where account_id = $1 and channel = 'email'
            and (status = 'deferred' or (status = 'queued' and due_at <= $5::timestamptz))
            and ${CAMPAIGN_RUNS}
       ), planned as (
         select id, status, (($2::date + 1 + (rank / $3::int)::int)::timestamp at time zone $4) as go_at
           from ranked where rank >= 0
       ), changed as (
         update deliveries d set status = 'deferred', due_at = p.go_at, updated_at = $5
           from planned p
          -- re-checked on the latest row: a delivery another scheduler just claimed is left alone
          where d.id = p.id and d.status in ('queued', 'deferred') and (d.status = 'queued' or d.due_at is distinct from p.go_at)
         returning d.id, p.status as from_status, p.go_at
       )
       insert into delivery_events (delivery_id, from_status, to_status, detail)
       select id, 'queued', 'deferred', 'daily limit reached; planned for ' || to_char(go_at at time zone $4, 'YYYY-MM-DD')
         from changed where from_status = 'queued'`,
      [
        account.id,
        today,
        Math.max(1, account.daily_limit),
        account.time_zone,
        now,
        Math.max(0, remainingToday),
      ],
    );
    return res.rowCount ?? 0;
  }

  /** Whether due work is waiting that today's limit cannot take. */
  async hasDueQueued(sql: Sql, accountId: string, now: Date): Promise<boolean> {
    const res = await sql.query(
      `select 1 from deliveries d where account_id = $1 and channel = 'email' and status = 'queued' and due_at <= $2 and ${CAMPAIGN_RUNS} limit 1`,
      [accountId, now],
    );
    return (res.rowCount ?? 0) > 0;
  }

  /** Every account's figures for the quota gauges: today's limit and use, the window's counts. */
  async figures(sql: Sql, windowDays: number, now: Date): Promise<AccountFigures[]> {
    const res = await sql.query<AccountFigures>(
      `select a.id, a.status,
              coalesce(t.daily_limit, a.daily_limit) as "limit", coalesce(t.used, 0) as used,
              (select count(*) from deliveries d where d.account_id = a.id and d.status = 'deferred')::int as deferred,
              coalesce(w.delivered, 0)::int as delivered, coalesce(w.hard_bounced, 0)::int as hard_bounced,
              coalesce(w.complaints, 0)::int as complaints,
              extract(hour from $2::timestamptz at time zone a.time_zone)::int as local_hour
         from accounts a
         left join quota_days t on t.account_id = a.id and t.day = ($2::timestamptz at time zone a.time_zone)::date
         left join lateral (
           select sum(delivered) as delivered, sum(hard_bounced) as hard_bounced, sum(complaints) as complaints
             from quota_days q
            where q.account_id = a.id and q.day > ($2::timestamptz at time zone a.time_zone)::date - $1::int
              and (a.window_baseline is null or q.day >= (a.window_baseline->>'day')::date)
         ) w on true
        order by a.id`,
      [windowDays, now],
    );
    return res.rows;
  }
}

const SELECT_DAY = `select account_id, to_char(day, 'YYYY-MM-DD') as day, daily_limit, used, delivered, hard_bounced,
  complaints, errors, sms_used, sms_delivered, closed_at from quota_days`;
