import type { Sql } from '../ledger';

/** Complaints against mail delivered over some days. */
export interface ComplaintWindow {
  complaints: number;
  delivered: number;
}

/** What the bulk-sender compliance report reads of an account. */
export class ComplianceStore {
  /** The domains of the From addresses the account's campaigns used (`Name <a@b>` or `a@b`). */
  async fromDomains(sql: Sql, accountId: string): Promise<string[]> {
    const res = await sql.query<{ domain: string }>(
      `select distinct lower(substring(from_address from '@([^>@\\s]+)>?\\s*$')) as domain
         from campaigns where account_id = $1 order by 1`,
      [accountId],
    );
    return res.rows.map((r) => r.domain).filter((d): d is string => Boolean(d));
  }

  /** Complaints and deliveries of the account's last `days` local days up to `now`'s, raw (no window reset). */
  async complaints(sql: Sql, accountId: string, now: Date, days: number): Promise<ComplaintWindow> {
    const res = await sql.query<{ complaints: number; delivered: number }>(
      `select coalesce(sum(q.complaints), 0)::int as complaints, coalesce(sum(q.delivered), 0)::int as delivered
         from quota_days q join accounts a on a.id = q.account_id
        where q.account_id = $1
          and q.day > ($2::timestamptz at time zone a.time_zone)::date - $3::int
          and q.day <= ($2::timestamptz at time zone a.time_zone)::date`,
      [accountId, now, days],
    );
    return res.rows[0];
  }
}
