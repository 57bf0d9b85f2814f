import type { Sql } from '../ledger';

/** A provider group's pause as one campaign met it. */
export interface ThrottledGroupRow {
  campaignId: string;
  group: string;
  until: Date;
  rate: number;
  fullRate: number;
  deferrals: number;
}

/**
 * The provider groups that slowed campaigns down (DESIGN §8). The sender writes them in batches
 * when a group pauses; the scheduler reads the pauses still ahead for the campaign view. A later
 * write keeps the later pause, so several senders writing the same group settle on the longest.
 */
export class ThrottleStore {
  async record(sql: Sql, rows: readonly ThrottledGroupRow[], now: Date): Promise<void> {
    if (rows.length === 0) return;
    await sql.query(
      `insert into throttled_groups (campaign_id, group_name, until, rate, full_rate, deferrals, updated_at)
       select c, g, u, r, f, d, $7 from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::float8[], $5::float8[], $6::int[])
         as v(c, g, u, r, f, d)
       on conflict (campaign_id, group_name) do update
         set until = greatest(throttled_groups.until, excluded.until), rate = excluded.rate,
             full_rate = excluded.full_rate, deferrals = excluded.deferrals, updated_at = excluded.updated_at`,
      [
        rows.map((r) => r.campaignId),
        rows.map((r) => r.group),
        rows.map((r) => r.until),
        rows.map((r) => r.rate),
        rows.map((r) => r.fullRate),
        rows.map((r) => r.deferrals),
        now,
      ],
    );
  }

  /** The campaign's groups still paused at `now`, the longest pause first. */
  async activeFor(sql: Sql, campaignId: string, now: Date): Promise<ThrottledGroupRow[]> {
    const res = await sql.query<{
      group_name: string;
      until: Date;
      rate: number;
      full_rate: number;
      deferrals: number;
    }>(
      `select group_name, until, rate, full_rate, deferrals from throttled_groups
        where campaign_id = $1 and until > $2 order by until desc, group_name`,
      [campaignId, now],
    );
    return res.rows.map((r) => ({
      campaignId,
      group: r.group_name,
      until: new Date(r.until),
      rate: Number(r.rate),
      fullRate: Number(r.full_rate),
      deferrals: r.deferrals,
    }));
  }
}
