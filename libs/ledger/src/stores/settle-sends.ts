import type { Sql } from '../ledger';
import type { DeliveryOutcome } from './delivery-store';

/** A refusal to publish for the bounce service, when its delivery's row changes. */
export interface RejectedNotice {
  readonly deliveryId: string;
  readonly routingKey: string;
  /** the message body; `at` is added from the statement's time */
  readonly payload: Record<string, unknown>;
}

/**
 * The columns of `deliveries` an outcome sets, as parallel arrays for `unnest`: one statement
 * takes any number of outcomes.
 */
export function outcomeColumns(outcomes: readonly DeliveryOutcome[]) {
  const c = {
    ids: [] as string[],
    statuses: [] as string[],
    replies: [] as (string | null)[],
    reasons: [] as (string | null)[],
    messageIds: [] as (string | null)[],
    dueAts: [] as (Date | null)[],
    returned: [] as boolean[],
    attemptReturned: [] as boolean[],
  };
  for (const o of outcomes) {
    c.ids.push(o.id);
    c.statuses.push(o.status);
    c.replies.push('smtpReply' in o ? o.smtpReply : null);
    c.reasons.push('reason' in o ? o.reason : null);
    c.messageIds.push('messageId' in o ? o.messageId : null);
    c.dueAts.push(o.status === 'retrying' ? o.retryAt : null);
    c.returned.push(o.quotaReturned ?? false);
    c.attemptReturned.push(o.status === 'retrying' && o.attemptReturned === true);
  }
  return c;
}

/**
 * The guarded status change of a batch of send outcomes (only from `sending`, or `unknown` that
 * a sweeper set while the reply was on its way), as a CTE that later parts of one statement
 * read. $1–$9 are `outcomeColumns` and the time.
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
  const c = outcomeColumns(outcomes);
  return [
    c.ids,
    c.statuses,
    c.replies,
    c.reasons,
    c.messageIds,
    c.dueAts,
    c.returned,
    now,
    c.attemptReturned,
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
    `with ${CHANGED_CTE}, day_deltas as (
         select account_id, quota_day,
                count(*) filter (where quota_returned)::int as returned,
                count(*) filter (where status = 'sent')::int as delivered
           from changed where quota_day is not null group by account_id, quota_day
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
       )
       select id::text from changed`,
    [
      ...changedParams(outcomes, now),
      now.toISOString(),
      rejected.map((r) => r.deliveryId),
      rejected.map((r) => r.routingKey),
      rejected.map((r) => JSON.stringify(r.payload)),
    ],
  );
  return new Set(res.rows.map((r) => r.id));
}
