import type { Sql } from '../ledger';
import type { CampaignRow } from './campaign-store';

export interface CampaignEngagement {
  read: number;
  read_machine: number;
  clicked: number;
  complained: number;
  unsubscribed: number;
}

export interface AccountListRow {
  id: string;
  status: string;
  block_reason: string | null;
  daily_limit: number;
  time_zone: string;
}

export interface QuarantineRow {
  id: string;
  received_at: Date;
  source: string;
  cause: string;
  detail: string | null;
  envelope_to: string | null;
  size: number;
  text: string | null;
}

export interface NoticeListRow {
  id: string;
  campaign_id: string;
  account_id: string;
  to_address: string;
  subject: string;
  body: string;
  status: string;
  smtp_reply: string | null;
  created_at: Date;
  sent_at: Date | null;
}

/** What the operator console reads that the API's stores do not: lists across accounts, engagement. */
export class ConsoleStore {
  /** Latest campaigns, optionally of one account and in one state. */
  async campaigns(
    sql: Sql,
    f: { account?: string; state?: string; limit: number; offset: number },
  ): Promise<CampaignRow[]> {
    const res = await sql.query<CampaignRow>(
      `select * from campaigns where ($1::text is null or account_id = $1) and ($2::text is null or state = $2)
        order by created_at desc, id limit $3 offset $4`,
      [f.account ?? null, f.state ?? null, f.limit, f.offset],
    );
    return res.rows;
  }

  /** Counts by delivery status for many campaigns in one statement. */
  async statusCounts(sql: Sql, ids: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const res = await sql.query<{ campaign_id: string; status: string; n: number }>(
      `select campaign_id, status, count(*)::int as n from deliveries where campaign_id = any($1::uuid[])
        group by campaign_id, status`,
      [ids],
    );
    const out = new Map<string, Record<string, number>>(ids.map((id) => [id, {}]));
    for (const r of res.rows) out.get(r.campaign_id)![r.status] = r.n;
    return out;
  }

  /** Read by people, opened only by machines, clicked by people, complained, unsubscribed. */
  async engagement(sql: Sql, campaignId: string): Promise<CampaignEngagement> {
    const res = await sql.query<CampaignEngagement>(
      `select
         (select count(*) filter (where read_at is not null) from deliveries where campaign_id = $1)::int as read,
         (select count(*) filter (where read_at is null and read_machine_at is not null) from deliveries where campaign_id = $1)::int as read_machine,
         (select count(distinct t.delivery_id) from tracking_events t join deliveries d on d.id = t.delivery_id
           where d.campaign_id = $1 and t.kind = 'click' and not t.machine)::int as clicked,
         (select count(distinct delivery_id) from bounce_events where campaign_id = $1 and kind = 'complaint')::int as complained,
         (select count(*) from deliveries d join blacklist b
             on b.account_id = d.account_id and b.email_normalized = d.email_normalized and b.delivery_id = d.id
           where d.campaign_id = $1 and b.reason = 'unsubscribed')::int as unsubscribed`,
      [campaignId],
    );
    return res.rows[0];
  }

  /** The days a campaign's deferred deliveries are planned for, in its account's time zone. */
  async deferredDays(sql: Sql, campaignId: string): Promise<{ day: string; n: number }[]> {
    const res = await sql.query<{ day: string; n: number }>(
      `select to_char(d.due_at at time zone a.time_zone, 'YYYY-MM-DD') as day, count(*)::int as n
         from deliveries d join accounts a on a.id = d.account_id
        where d.campaign_id = $1 and d.status = 'deferred'
        group by 1 order by 1`,
      [campaignId],
    );
    return res.rows;
  }

  async accounts(sql: Sql, only?: string): Promise<AccountListRow[]> {
    const res = await sql.query<AccountListRow>(
      `select id, status, block_reason, daily_limit, time_zone from accounts where ($1::text is null or id = $1)
        order by id limit 500`,
      [only ?? null],
    );
    return res.rows;
  }

  /** Quarantined messages, newest first, with their first 64 KB as text. */
  async quarantine(sql: Sql, limit: number, offset: number): Promise<QuarantineRow[]> {
    const res = await sql.query<Omit<QuarantineRow, 'text'> & { raw: Buffer | null }>(
      `select id::text, received_at, source, cause, detail, envelope_to, size, substring(raw from 1 for 65536) as raw
         from quarantine order by received_at desc, id desc limit $1 offset $2`,
      [limit, offset],
    );
    // mail is bytes: shown as UTF-8, anything else replaced, never interpreted
    return res.rows.map(({ raw, ...r }) => ({ ...r, text: raw ? raw.toString('utf8') : null }));
  }

  /** Error notices mailed to from-addresses, newest first. */
  async notices(
    sql: Sql,
    account: string | undefined,
    limit: number,
    offset: number,
  ): Promise<NoticeListRow[]> {
    const res = await sql.query<NoticeListRow>(
      `select id::text, campaign_id, account_id, to_address, subject, body, status, smtp_reply, created_at, sent_at
         from notices where ($1::text is null or account_id = $1)
        order by created_at desc, id desc limit $2 offset $3`,
      [account ?? null, limit, offset],
    );
    return res.rows;
  }
}
