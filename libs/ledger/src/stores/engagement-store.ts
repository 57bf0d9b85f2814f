import type { Sql } from '../ledger';

/** A campaign's reads and clicks, each counted by person only and with machines. */
export interface Engagement {
  /** Deliveries opened or clicked by a person; by a person or a machine (scanner, proxy, prefetch). */
  reads: { human: number; withMachines: number };
  /** Deliveries whose links a person clicked; a person or a machine (security gateway). */
  clicks: { human: number; withMachines: number };
}

/** What the campaign view reports of opens and clicks (DESIGN §1, Read), from the deliveries' first times. */
export class EngagementStore {
  async ofCampaign(sql: Sql, campaignId: string): Promise<Engagement> {
    const res = await sql.query<{ rh: number; rm: number; ch: number; cm: number }>(
      `select count(*) filter (where read_at is not null)::int as rh,
              count(*) filter (where read_at is not null or read_machine_at is not null)::int as rm,
              count(*) filter (where clicked_at is not null)::int as ch,
              count(*) filter (where clicked_at is not null or clicked_machine_at is not null)::int as cm
         from deliveries where campaign_id = $1`,
      [campaignId],
    );
    const r = res.rows[0];
    return { reads: { human: r.rh, withMachines: r.rm }, clicks: { human: r.ch, withMachines: r.cm } };
  }
}
