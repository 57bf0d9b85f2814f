import type { Sql } from '../ledger';

/** A lease gone this long is deleted: its deliveries were settled as `unknown` long before. */
const FORGET_AFTER_MS = 24 * 3600 * 1000;

/**
 * Sender leases (issue 15): each sender instance holds one and renews it with a heartbeat;
 * deliveries it starts carry its id. When a lease lapses (no heartbeat until `expires_at`),
 * its instance is taken for dead and its `sending` deliveries become `unknown`: within the
 * lease's time to live and a sweep, instead of a fixed staleness of minutes.
 */
export class SenderLeaseStore {
  /**
   * Takes or renews the lease until `now + ttlMs`. Returns false when it had lapsed before
   * this renewal (the sweeper may have settled its sends as `unknown` meanwhile).
   */
  async renew(sql: Sql, id: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const res = await sql.query<{ lapsed: boolean }>(
      `insert into sender_leases as l (id, holder, started_at, heartbeat_at, expires_at)
       values ($1, $2, $3, $3, $3::timestamptz + make_interval(secs => $4::double precision / 1000))
       on conflict (id) do update set heartbeat_at = excluded.heartbeat_at, expires_at = excluded.expires_at
       returning (xmax <> 0 and (select expires_at from sender_leases where id = $1) < $3) as lapsed`,
      [id, holder, now, ttlMs],
    );
    return !res.rows[0]?.lapsed;
  }

  /** The instance stopped in good order: its lease ends now (what it still had `sending` becomes `unknown`). */
  async release(sql: Sql, id: string, now: Date): Promise<void> {
    await sql.query(`update sender_leases set expires_at = $2 where id = $1`, [id, now]);
  }

  /**
   * `sending` deliveries whose lease has lapsed (or is gone) become `unknown`: their sender
   * died, and the body may have left. Never resent automatically. Returns how many.
   */
  async settleLapsed(sql: Sql, now: Date): Promise<number> {
    const res = await sql.query(
      `with stale as (
         update deliveries d set status = 'unknown', reason = 'sender lease lapsed during the send', updated_at = $1
          where d.status = 'sending' and d.lease_id is not null
            and not exists (select 1 from sender_leases l where l.id = d.lease_id and l.expires_at >= $1)
         returning d.id
       ), forgotten as (
         delete from sender_leases
          where expires_at < $1::timestamptz - make_interval(secs => $2::double precision / 1000)
       )
       insert into delivery_events (delivery_id, from_status, to_status, detail)
       select id, 'sending', 'unknown', 'sender lease lapsed during the send' from stale`,
      [now, FORGET_AFTER_MS],
    );
    return res.rowCount ?? 0;
  }
}
