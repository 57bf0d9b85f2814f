import type { Sql } from '../ledger';
import { CAMPAIGN_RUNS } from './campaign-state-store';
import type { ClaimedDelivery } from './delivery-store';

/** Where a channel keeps its daily limit and today's use: email and SMS count apart. */
export interface ChannelQuota {
  readonly channel: 'email' | 'sms';
  /** the limit, from the account day `q` or the account `a` */
  readonly limit: 'q.daily_limit' | 'a.sms_daily_limit';
  /** the column of quota_days counting today's claims */
  readonly used: 'used' | 'sms_used';
}

export const EMAIL_QUOTA: ChannelQuota = { channel: 'email', limit: 'q.daily_limit', used: 'used' };
export const SMS_QUOTA: ChannelQuota = { channel: 'sms', limit: 'a.sms_daily_limit', used: 'sms_used' };

/**
 * Claims up to `batch` of an active account's waiting deliveries of one channel within what is
 * left of today's limit for that channel, highest priority first, then in submission order. One
 * statement: the account day's row is locked for its duration, so any number of schedulers claim
 * exactly up to the limit. A paused or cancelled campaign's deliveries wait.
 */
export async function claimWithinLimit(
  sql: Sql,
  quota: ChannelQuota,
  accountId: string,
  batch: number,
  now: Date,
): Promise<ClaimedDelivery[]> {
  const res = await sql.query<ClaimedDelivery>(
    `with quota as (
       select q.day, ${quota.limit} as daily_limit, q.${quota.used} as used from quota_days q
         join accounts a on a.id = q.account_id
        where q.account_id = $1 and a.status = 'active'
          and q.day = ($3::timestamptz at time zone a.time_zone)::date
        for update of q
     ), due as (
       select d.id, d.status from deliveries d
        where d.account_id = $1 and d.channel = $4
          and (d.status = 'deferred' or (d.status in ('queued', 'retrying') and d.due_at <= $3::timestamptz))
          and ${CAMPAIGN_RUNS}
        order by d.priority desc, d.id
        limit coalesce((select greatest(0, least($2::int, daily_limit - used)) from quota), 0)
        for update of d skip locked
     ), claimed as (
       update deliveries d set status = 'dispatched', quota_day = (select day from quota), updated_at = $3
         from due where d.id = due.id
       returning d.id, d.campaign_id, due.status as from_status
     ), events as (
       insert into delivery_events (delivery_id, from_status, to_status)
       select id, from_status, 'dispatched' from claimed
     ), bump as (
       update quota_days set ${quota.used} = ${quota.used} + (select count(*) from claimed)
        where account_id = $1 and day = (select day from quota)
     )
     select id::text, campaign_id from claimed order by claimed.id`,
    [accountId, batch, now, quota.channel],
  );
  return res.rows;
}
