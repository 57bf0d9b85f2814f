import type { Sql } from '../ledger';
import type { SendingDelivery } from './delivery-store';

/** A delivery a sender now owns, with its recipient's blacklist reason (null when none). */
export type ClaimedForSending = SendingDelivery & { blacklist_reason: string | null };

/**
 * The claim of `dispatched` email deliveries, as CTEs that later parts of one statement read:
 * `stopped` (a blocked account's deliveries held, a paused campaign's back to `queued`, a
 * cancelled one's `cancelled`; each gives its quota back, which the statement must apply) and
 * `started` (guarded `dispatched → sending` under the sender's lease), with their events. The
 * arguments are the placeholders of the ids, the time and the lease.
 */
export function claimCtes(ids: string, now: string, lease: string): string {
  return `stopped as (
         update deliveries d
            set status = case when a.status <> 'active' then 'held' when c.state = 'cancelled' then 'cancelled' else 'queued' end,
                reason = case when a.status <> 'active' then 'account blocked' when c.state = 'cancelled' then 'campaign cancelled' end,
                updated_at = ${now}
           from accounts a, campaigns c
          where d.id = any(${ids}::bigint[]) and d.status = 'dispatched' and a.id = d.account_id and c.id = d.campaign_id
            and d.channel = 'email'
            and (a.status <> 'active' or c.state <> 'running')
         returning d.id, d.account_id, d.quota_day, d.status, d.reason
       ), stopped_events as (
         insert into delivery_events (delivery_id, from_status, to_status, detail)
         select id, 'dispatched', status, coalesce(reason, 'campaign paused') from stopped
       ), started as (
         update deliveries d set status = 'sending', attempts = d.attempts + 1, updated_at = ${now}, lease_id = ${lease}
           from accounts a, campaigns c
          where d.id = any(${ids}::bigint[]) and d.status = 'dispatched' and a.id = d.account_id and a.status = 'active'
            and c.id = d.campaign_id and c.state = 'running' and d.channel = 'email'
         returning d.id, d.campaign_id, d.account_id, d.email, d.email_normalized, d.name, d.vars, d.attempts
       ), started_events as (
         insert into delivery_events (delivery_id, from_status, to_status) select id, 'dispatched', 'sending' from started
       )`;
}

/** The started deliveries with their blacklist reasons at `now`, as rows of a `from` clause. */
export function startedWithReasons(now: string): string {
  return `started s
         left join blacklist b on b.account_id = s.account_id and b.email_normalized = s.email_normalized
                              and (b.expires_at is null or b.expires_at > ${now})`;
}

/**
 * Claims deliveries for sending in one statement, for the ids of many broker messages at once;
 * each started one comes back with its blacklist reason, in id order.
 */
export async function claimForSending(
  sql: Sql,
  ids: readonly string[],
  leaseId: string | null,
  now: Date,
): Promise<ClaimedForSending[]> {
  const res = await sql.query<ClaimedForSending>(
    `with ${claimCtes('$1', '$2', '$3')}, returned as (
         update quota_days q set used = greatest(0, q.used - r.n)
           from (select account_id, quota_day, count(*) as n from stopped group by account_id, quota_day) r
          where q.account_id = r.account_id and q.day = r.quota_day
       )
       select s.id::text, s.campaign_id, s.account_id, s.email, s.name, s.vars, s.attempts, b.reason as blacklist_reason
         from ${startedWithReasons('$2')}
        order by s.id`,
    [ids, now, leaseId],
  );
  return res.rows;
}
