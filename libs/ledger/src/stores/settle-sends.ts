import type { Sql } from '../ledger';
import { claimCtes, startedWithReasons, type ClaimedForSending } from './claim-for-sending';
import type { DeliveryOutcome } from './delivery-store';

/** A refusal to publish for the bounce service, when its delivery's row changes. */
export interface RejectedNotice {
  readonly deliveryId: string;
  readonly routingKey: string;
  /** the message body; `at` is added from the statement's time */
  readonly payload: Record<string, unknown>;
}

/**
 * The guarded status change of a batch of send outcomes (only from `sending`, or `unknown` that
 * a sweeper set while the reply was on its way), as a CTE that later parts of one statement
 * read. $1–$9 are `changedParams`: the outcomes as parallel arrays for `unnest` (one statement
 * takes any number of outcomes) and the time.
 */
export const CHANGED_CTE = `input as (
         select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::boolean[], $9::boolean[])
           as t(id, status, smtp_reply, reason, message_id, due_at, quota_returned, attempt_returned)
       ), changed as (
         update deliveries d set
             status = i.status,
             smtp_reply = coalesce(i.smtp_reply, d.smtp_reply),
             reason = i.reason,
             message_id = coalesce(i.message_id, d.message_id),
             due_at = coalesce(i.due_at, d.due_at),
             attempts = d.attempts - case when i.attempt_returned then 1 else 0 end,
             sent_at = case when i.status in ('sent', 'bounced') then $8::timestamptz else d.sent_at end,
             updated_at = $8
           from input i
          where d.id = i.id and d.status in ('sending', 'unknown') and d.status <> i.status
         returning d.id, d.account_id, d.quota_day, i.status, i.smtp_reply, i.reason, i.quota_returned
       ), events as (
         insert into delivery_events (delivery_id, from_status, to_status, detail, smtp_reply)
         select id, 'sending', status, reason, smtp_reply from changed
       )`;

export function changedParams(outcomes: readonly DeliveryOutcome[], now: Date): unknown[] {
  const ids: string[] = [];
  const statuses: string[] = [];
  const replies: (string | null)[] = [];
  const reasons: (string | null)[] = [];
  const messageIds: (string | null)[] = [];
  const dueAts: (Date | null)[] = [];
  const returned: boolean[] = [];
  const attemptReturned: boolean[] = [];
  for (const o of outcomes) {
    ids.push(o.id);
    statuses.push(o.status);
    replies.push('smtpReply' in o ? o.smtpReply : null);
    reasons.push('reason' in o ? o.reason : null);
    messageIds.push('messageId' in o ? o.messageId : null);
    dueAts.push(o.status === 'retrying' ? o.retryAt : null);
    returned.push(o.quotaReturned ?? false);
    attemptReturned.push(o.status === 'retrying' && o.attemptReturned === true);
  }
  return [ids, statuses, replies, reasons, messageIds, dueAts, returned, now, attemptReturned];
}

/**
 * The account days' deltas and the bounces' notices of a settle, after CHANGED_CTE (and, when
 * `stopped` is given, the quota a claim's stopped deliveries give back): one update of
 * quota_days, since a statement may change a row only once. $10–$13 are the notices' time and
 * arrays.
 */
function effectCtes(withStopped: boolean): string {
  const stopped = withStopped ? `union all select account_id, quota_day, 1, 0 from stopped` : '';
  return `day_deltas as (
         select account_id, quota_day, sum(returned)::int as returned, sum(delivered)::int as delivered
           from (
             select account_id, quota_day,
                    case when quota_returned then 1 else 0 end as returned,
                    case when status = 'sent' then 1 else 0 end as delivered
               from changed
             ${stopped}
           ) x
          where quota_day is not null group by account_id, quota_day
       ), days as (
         update quota_days q set used = greatest(0, q.used - v.returned), delivered = q.delivered + v.delivered
           from day_deltas v
          where q.account_id = v.account_id and q.day = v.quota_day
       ), notices as (
         insert into outbox (routing_key, payload)
         select r.routing_key, r.payload || jsonb_build_object('at', $10::text)
           from unnest($11::bigint[], $12::text[], $13::jsonb[]) with ordinality as r(id, routing_key, payload, n)
           join changed c on c.id = r.id
          order by r.n
       )`;
}

function effectParams(rejected: readonly RejectedNotice[], now: Date): unknown[] {
  return [
    now.toISOString(),
    rejected.map((r) => r.deliveryId),
    rejected.map((r) => r.routingKey),
    rejected.map((r) => JSON.stringify(r.payload)),
  ];
}

/**
 * Settles a batch of email sends in ONE statement (issue 15: one round trip per flush, not a
 * transaction of four): the deliveries' guarded status changes and their events, the account
 * days' quota given back and delivered, and the `delivery.rejected` notices of the bounces whose
 * row changed, into the outbox. A duplicate or late outcome changes no row, so it moves no
 * counter and publishes nothing. Returns the ids that changed.
 */
export async function settleSends(
  sql: Sql,
  outcomes: readonly DeliveryOutcome[],
  rejected: readonly RejectedNotice[],
  now: Date,
): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  const res = await sql.query<{ id: string }>(
    `with ${CHANGED_CTE}, ${effectCtes(false)} select id::text from changed`,
    [...changedParams(outcomes, now), ...effectParams(rejected, now)],
  );
  return new Set(res.rows.map((r) => r.id));
}

/**
 * A sender's claim and the outcomes pending when it goes, in ONE statement: the claim of
 * claim-for-sending.ts (ids $14, lease $15) and the settle above, with one update of the account
 * days for both. The two touch different rows: a claim only `dispatched` ones, a settle only
 * `sending` or `unknown` ones. Returns the started deliveries (id order, with their blacklist
 * reasons) and the settled ids that changed.
 */
export async function claimAndSettle(
  sql: Sql,
  claim: { ids: readonly string[]; leaseId: string | null },
  outcomes: readonly DeliveryOutcome[],
  rejected: readonly RejectedNotice[],
  now: Date,
): Promise<{ started: ClaimedForSending[]; settled: Set<string> }> {
  const res = await sql.query<{ settled: string[]; started: ClaimedForSending[] }>(
    `with ${CHANGED_CTE}, ${claimCtes('$14', '$8', '$15')}, ${effectCtes(true)}
     select (select coalesce(array_agg(id::text), '{}') from changed) as settled,
            (select coalesce(json_agg(json_build_object(
                      'id', s.id::text, 'campaign_id', s.campaign_id, 'account_id', s.account_id, 'email', s.email,
                      'name', s.name, 'vars', s.vars, 'attempts', s.attempts, 'blacklist_reason', b.reason
                    ) order by s.id), '[]')
               from ${startedWithReasons('$8')}) as started`,
    [...changedParams(outcomes, now), ...effectParams(rejected, now), claim.ids, claim.leaseId],
  );
  const row = res.rows[0];
  return { started: row.started, settled: new Set(row.settled) };
}
