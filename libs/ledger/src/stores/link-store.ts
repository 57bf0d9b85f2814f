import type { Sql } from '../ledger';

/** Tracked links of campaigns: the only targets a click may redirect to. */
export class LinkStore {
  /** Ids of these URLs of the campaign, storing the new ones; one statement. */
  async idsFor(sql: Sql, campaignId: string, urls: readonly string[]): Promise<Map<string, string>> {
    if (urls.length === 0) return new Map();
    const res = await sql.query<{ id: string; url: string }>(
      `insert into campaign_links (campaign_id, url) select $1, u from unnest($2::text[]) as u
       on conflict (campaign_id, url) do update set url = excluded.url
       returning id::text, url`,
      [campaignId, [...new Set(urls)]],
    );
    return new Map(res.rows.map((r) => [r.url, r.id]));
  }

  /** The target of a link, only if it belongs to the delivery's campaign. */
  async target(sql: Sql, linkId: string, deliveryId: string): Promise<string | undefined> {
    const res = await sql.query<{ url: string }>(
      `select l.url from campaign_links l join deliveries d on d.campaign_id = l.campaign_id
        where l.id = $1 and d.id = $2`,
      [linkId, deliveryId],
    );
    return res.rows[0]?.url;
  }
}
