import type { Sql } from '../ledger';

export type CampaignState = 'running' | 'paused' | 'cancelled';

/** Statuses of a delivery that has not reached the sender: what a cancel ends. */
export const UNSENT_STATUSES = ['queued', 'deferred', 'retrying', 'held'] as const;

/**
 * The claim's condition for a delivery `d`: its campaign runs. A paused or cancelled campaign's
 * deliveries are neither claimed nor planned, so they use no quota.
 */
export const CAMPAIGN_RUNS = `not exists (select 1 from campaigns c where c.id = d.campaign_id and c.state <> 'running')`;

export interface CampaignAuditRow {
  id: string;
  action: string;
  actor: string;
  figures: Record<string, unknown> | null;
  at: Date;
}

/** A campaign's state (pause, resume, cancel) and its audit trail. */
export class CampaignStateStore {
  /** Guarded change: only from one of `from`; returns whether this call changed it. */
  async change(sql: Sql, id: string, from: readonly CampaignState[], to: CampaignState): Promise<boolean> {
    const res = await sql.query(`update campaigns set state = $3 where id = $1 and state = any($2::text[])`, [
      id,
      from,
      to,
    ]);
    return (res.rowCount ?? 0) > 0;
  }

  /** Ends every delivery of the campaign that has not reached the sender as `cancelled`. */
  async cancelUnsent(sql: Sql, id: string, now: Date): Promise<number> {
    const res = await sql.query<{ n: number }>(
      `with unsent as (
         select id, status from deliveries
          where campaign_id = $1 and status = any($2::text[])
          order by id for update
       ), ended as (
         update deliveries d set status = 'cancelled', reason = 'campaign cancelled', updated_at = $3
           from unsent u
          -- guarded: one the dispatcher claimed meanwhile is left to the sender
          where d.id = u.id and d.status = u.status
         returning d.id, u.status as from_status
       ), events as (
         insert into delivery_events (delivery_id, from_status, to_status, detail)
         select id, from_status, 'cancelled', 'campaign cancelled' from ended
       )
       select count(*)::int as n from ended`,
      [id, UNSENT_STATUSES, now],
    );
    return res.rows[0].n;
  }

  async audit(
    sql: Sql,
    e: { campaignId: string; action: string; actor: string; figures?: Record<string, unknown>; at: Date },
  ): Promise<void> {
    await sql.query(
      `insert into campaign_audit (campaign_id, action, actor, figures, at) values ($1, $2, $3, $4, $5)`,
      [e.campaignId, e.action, e.actor, e.figures ? JSON.stringify(e.figures) : null, e.at],
    );
  }

  async trail(sql: Sql, campaignId: string, limit = 50): Promise<CampaignAuditRow[]> {
    const res = await sql.query<CampaignAuditRow>(
      `select id::text, action, actor, figures, at from campaign_audit where campaign_id = $1 order by id desc limit $2`,
      [campaignId, limit],
    );
    return res.rows;
  }
}
