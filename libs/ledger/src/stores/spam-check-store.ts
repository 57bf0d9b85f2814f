import type { Sql } from '../ledger';

export interface SpamCheckRow {
  campaign_id: string;
  status: 'pending' | 'passed' | 'held' | 'released' | 'skipped';
  score: number | null;
  hold_score: number | null;
  rules: { name: string; score?: number; description?: string }[] | null;
  detail: string | null;
  checked_at: Date | null;
  released_by: string | null;
  released_at: Date | null;
}

/** The sample's first recipient, to personalise it as the sender would. */
export interface SampleRecipient {
  id: string;
  email: string;
  name: string | null;
  vars: Record<string, unknown> | null;
}

/**
 * The pre-send spam check (SPAMD_URL). A campaign under check or held has its queued deliveries
 * due at infinity, which no claim reaches; passing or an operator's release makes them due again
 * (at the campaign's send time, or now).
 */
export class SpamCheckStore {
  async pending(sql: Sql, limit: number): Promise<string[]> {
    const res = await sql.query<{ campaign_id: string }>(
      `select campaign_id from spam_checks where status = 'pending' order by created_at limit $1`,
      [limit],
    );
    return res.rows.map((r) => r.campaign_id);
  }

  async get(sql: Sql, campaignId: string): Promise<SpamCheckRow | undefined> {
    const res = await sql.query<SpamCheckRow>(
      `select campaign_id, status, score, hold_score, rules, detail, checked_at, released_by, released_at
         from spam_checks where campaign_id = $1`,
      [campaignId],
    );
    return res.rows[0];
  }

  async sample(sql: Sql, campaignId: string): Promise<SampleRecipient | undefined> {
    const res = await sql.query<SampleRecipient>(
      `select id::text, email, name, vars from deliveries where campaign_id = $1 order by id limit 1`,
      [campaignId],
    );
    return res.rows[0];
  }

  /** The verdict; `passed` and `skipped` let the campaign go at once. Guarded on `pending`. */
  async record(
    sql: Sql,
    campaignId: string,
    v: {
      status: 'passed' | 'held' | 'skipped';
      score: number | null;
      holdScore: number;
      rules: unknown;
      detail: string | null;
    },
    now: Date,
  ): Promise<boolean> {
    const res = await sql.query(
      `update spam_checks set status = $2, score = $3, hold_score = $4, rules = $5, detail = $6, checked_at = $7
        where campaign_id = $1 and status = 'pending'`,
      [campaignId, v.status, v.score, v.holdScore, JSON.stringify(v.rules), v.detail, now],
    );
    const changed = (res.rowCount ?? 0) > 0;
    if (changed && v.status !== 'held') await this.makeDue(sql, campaignId, now);
    return changed;
  }

  /** An operator lets a held campaign go; audited with the token's name. False when it was not held. */
  async release(sql: Sql, campaignId: string, actor: string, now: Date): Promise<boolean> {
    const res = await sql.query(
      `update spam_checks set status = 'released', released_by = $2, released_at = $3
        where campaign_id = $1 and status = 'held'`,
      [campaignId, actor, now],
    );
    if ((res.rowCount ?? 0) === 0) return false;
    await this.makeDue(sql, campaignId, now);
    return true;
  }

  private async makeDue(sql: Sql, campaignId: string, now: Date): Promise<void> {
    await sql.query(
      `with released as (
         update deliveries d set due_at = coalesce(c.send_at, $2)
           from campaigns c where c.id = d.campaign_id and d.campaign_id = $1
            and d.status = 'queued' and d.due_at = 'infinity'
         returning d.id
       )
       insert into delivery_events (delivery_id, from_status, to_status, detail)
       select id, 'queued', 'queued', 'pre-send spam check passed or released' from released`,
      [campaignId, now],
    );
  }
}
