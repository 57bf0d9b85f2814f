import type { Sql } from '../ledger';
import type { AccountDayRow } from './quota-day-store';

export interface AccountRow {
  id: string;
  daily_limit: number;
  /** SMS a day, apart from the email limit; not moved by the reputation rules. */
  sms_daily_limit: number;
  time_zone: string;
  status: 'active' | 'blocked';
  block_reason: string | null;
  window_start: Date | null;
  window_baseline: { day: string; delivered: number; hardBounced: number; complaints: number } | null;
}

export interface LimitChangeRow {
  accountId: string;
  day: string | null;
  oldLimit: number;
  newLimit: number;
  oldStatus: string;
  newStatus: string;
  rule: string;
  reason: string;
  figures?: Record<string, unknown>;
  actor: string;
}

export interface LimitHistoryRow {
  id: string;
  at: Date;
  day: string | null;
  old_limit: number;
  new_limit: number;
  old_status: string;
  new_status: string;
  rule: string;
  reason: string;
  figures: Record<string, unknown> | null;
  actor: string;
}

/**
 * Sending accounts in the ledger: their settings (limit, time zone, block), their reputation
 * window, and the history of every change to their limit or status, with its reason.
 */
export class AccountStore {
  async account(sql: Sql, id: string, lock = false): Promise<AccountRow | undefined> {
    const res = await sql.query<AccountRow>(
      `select id, daily_limit, sms_daily_limit, time_zone, status, block_reason, window_start, window_baseline
         from accounts where id = $1 ${lock ? 'for update' : ''}`,
      [id],
    );
    return res.rows[0];
  }

  /** Creates the account unless it exists; returns whether it did. */
  async create(sql: Sql, id: string, dailyLimit: number, timeZone: string): Promise<boolean> {
    const inserted = await sql.query(
      `insert into accounts (id, daily_limit, time_zone) values ($1, $2, $3) on conflict (id) do nothing`,
      [id, dailyLimit, timeZone],
    );
    return (inserted.rowCount ?? 0) > 0;
  }

  async setAccount(
    sql: Sql,
    id: string,
    fields: {
      limit?: number;
      status?: 'active' | 'blocked';
      blockReason?: string | null;
      timeZone?: string;
      smsLimit?: number;
    },
    now: Date,
  ): Promise<void> {
    await sql.query(
      `update accounts set daily_limit = coalesce($2, daily_limit), status = coalesce($3, status),
              block_reason = case when $3::text is null then block_reason else $4 end,
              time_zone = coalesce($5, time_zone), updated_at = $6,
              sms_daily_limit = coalesce($7, sms_daily_limit)
        where id = $1`,
      [
        id,
        fields.limit ?? null,
        fields.status ?? null,
        fields.blockReason ?? null,
        fields.timeZone ?? null,
        now,
        fields.smsLimit ?? null,
      ],
    );
  }

  /** Starts a fresh reputation window now: today's counters so far no longer count. */
  async resetWindow(
    sql: Sql,
    accountId: string,
    today: AccountDayRow | undefined,
    day: string,
    now: Date,
  ): Promise<void> {
    const baseline = {
      day,
      delivered: today?.delivered ?? 0,
      hardBounced: today?.hard_bounced ?? 0,
      complaints: today?.complaints ?? 0,
    };
    await sql.query(`update accounts set window_start = $3, window_baseline = $2 where id = $1`, [
      accountId,
      JSON.stringify(baseline),
      now,
    ]);
  }

  /** Held deliveries (dispatched while blocked) go back to the queue on unblock. */
  async releaseHeld(sql: Sql, accountId: string, now: Date): Promise<number> {
    const res = await sql.query(
      `with released as (
         update deliveries set status = 'queued', reason = null, updated_at = $2
          where account_id = $1 and status = 'held' returning id
       )
       insert into delivery_events (delivery_id, from_status, to_status, detail)
       select id, 'held', 'queued', 'account unblocked' from released`,
      [accountId, now],
    );
    return res.rowCount ?? 0;
  }

  async recordChange(sql: Sql, c: LimitChangeRow): Promise<void> {
    await sql.query(
      `insert into limit_history (account_id, day, old_limit, new_limit, old_status, new_status, rule, reason, figures, actor)
       values ($1, $2::date, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        c.accountId,
        c.day,
        c.oldLimit,
        c.newLimit,
        c.oldStatus,
        c.newStatus,
        c.rule,
        c.reason,
        c.figures ? JSON.stringify(c.figures) : null,
        c.actor,
      ],
    );
  }

  /** The account's limit history, newest first. */
  async history(sql: Sql, id: string, limit: number): Promise<LimitHistoryRow[]> {
    const res = await sql.query<LimitHistoryRow>(
      `select id::text, at, to_char(day, 'YYYY-MM-DD') as day, old_limit, new_limit, old_status, new_status, rule, reason, figures, actor
         from limit_history where account_id = $1 order by id desc limit $2`,
      [id, limit],
    );
    return res.rows;
  }

  /** Whether Postgres knows this IANA time zone. */
  async isTimeZone(sql: Sql, tz: string): Promise<boolean> {
    const res = await sql.query(`select 1 from pg_timezone_names where name = $1`, [tz]);
    return (res.rowCount ?? 0) > 0;
  }

  /** Active accounts that have waiting work. */
  async withWork(sql: Sql): Promise<string[]> {
    const res = await sql.query<{ id: string }>(
      `select a.id from accounts a
        where a.status = 'active'
          and exists (select 1 from deliveries d where d.account_id = a.id and d.status in ('queued', 'retrying', 'deferred'))
        order by a.id`,
    );
    return res.rows.map((r) => r.id);
  }

  /** Active accounts with an account day among the last `days` days (their local days at `now`). */
  async activeWithRecentDays(sql: Sql, days: number, now: Date): Promise<string[]> {
    const res = await sql.query<{ id: string }>(
      `select a.id from accounts a where a.status = 'active'
          and exists (select 1 from quota_days q where q.account_id = a.id
                       and q.day > ($2::timestamptz at time zone a.time_zone)::date - $1::int)`,
      [days, now],
    );
    return res.rows.map((r) => r.id);
  }
}
