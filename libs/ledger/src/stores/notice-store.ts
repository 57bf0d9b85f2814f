import type { Sql } from '../ledger';

export interface NoticeCampaign {
  id: string;
  account_id: string;
  from_address: string;
  subject: string;
}

export interface NoticeRow {
  id: string;
  to_address: string;
  subject: string;
  body: string;
}

/** Error notices to a campaign's from-address: the failures they list, and their sending. */
export class NoticeStore {
  /** Campaigns with failures not yet in a notice, whose last notice is older than `intervalMs`. */
  async campaignsDueForNotice(sql: Sql, intervalMs: number, now: Date): Promise<string[]> {
    const res = await sql.query<{ campaign_id: string }>(
      `select distinct b.campaign_id from bounce_events b
        where b.notice_id is null
          and not exists (select 1 from notices n where n.campaign_id = b.campaign_id
                           and n.created_at > $2::timestamptz - make_interval(secs => $1::double precision / 1000))`,
      [intervalMs, now],
    );
    return res.rows.map((r) => r.campaign_id);
  }

  /** Locks the campaign a notice is about. */
  async lockCampaign(sql: Sql, campaignId: string): Promise<NoticeCampaign | undefined> {
    const res = await sql.query<NoticeCampaign>(
      `select id, account_id, from_address, subject from campaigns where id = $1 for update`,
      [campaignId],
    );
    return res.rows[0];
  }

  /** Whether the campaign had a notice within the last `intervalMs`. */
  async hasRecent(sql: Sql, campaignId: string, intervalMs: number, now: Date): Promise<boolean> {
    const recent = await sql.query(
      `select 1 from notices where campaign_id = $1 and created_at > $3::timestamptz - make_interval(secs => $2::double precision / 1000)`,
      [campaignId, intervalMs, now],
    );
    return Boolean(recent.rowCount);
  }

  /** Locks and returns the campaign's failures not yet noticed. */
  async unnoticed(sql: Sql, campaignId: string) {
    const res = await sql.query<{
      id: string;
      email_normalized: string;
      reason: string;
      hard: boolean;
      diagnostic: string | null;
      kind: string;
      blacklisted: boolean;
    }>(
      `select id::text, email_normalized, reason, hard, diagnostic, kind, blacklisted from bounce_events
        where campaign_id = $1 and notice_id is null order by id limit 1000 for update skip locked`,
      [campaignId],
    );
    return res.rows;
  }

  async createNotice(
    sql: Sql,
    n: {
      campaignId: string;
      accountId: string;
      to: string;
      subject: string;
      body: string;
      eventIds: string[];
    },
    now: Date,
  ): Promise<string> {
    const res = await sql.query<{ id: string }>(
      `insert into notices (campaign_id, account_id, to_address, subject, body, created_at) values ($1, $2, $3, $4, $5, $6) returning id::text`,
      [n.campaignId, n.accountId, n.to, n.subject, n.body, now],
    );
    const id = res.rows[0].id;
    await sql.query(`update bounce_events set notice_id = $1 where id = any($2::bigint[])`, [id, n.eventIds]);
    return id;
  }

  /** Guarded `queued|retrying → sending`: returns the notice only to the one caller that owns it. */
  async startSending(sql: Sql, noticeId: string): Promise<NoticeRow | undefined> {
    const owned = await sql.query<NoticeRow>(
      `update notices set status = 'sending' where id = $1 and status in ('queued', 'retrying')
       returning id::text, to_address, subject, body`,
      [noticeId],
    );
    return owned.rows[0];
  }

  /** The notice's send result. */
  async finish(sql: Sql, noticeId: string, status: string, reply: string, at: Date): Promise<void> {
    await sql.query(
      `update notices set status = $2, smtp_reply = $3, sent_at = case when $2 = 'sent' then $4 else sent_at end where id = $1`,
      [noticeId, status, reply, at],
    );
  }
}
