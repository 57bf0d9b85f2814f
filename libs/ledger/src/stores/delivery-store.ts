import type { Sql } from '../ledger';
import { claimForSending, type ClaimedForSending } from './claim-for-sending';
import { CHANGED_CTE, changedParams, claimAndSettle, settleSends, type RejectedNotice } from './settle-sends';

export interface ClaimedDelivery {
  id: string;
  campaign_id: string;
}

export interface SendingDelivery {
  id: string;
  campaign_id: string;
  account_id: string;
  email: string;
  name: string | null;
  vars: Record<string, unknown> | null;
  attempts: number;
}

/**
 * The final word on one send attempt, as the sender records it. `quotaReturned`: the email
 * never left (refused or failed before the body), so its day's quota is given back.
 */
export type DeliveryOutcome = (
  | { id: string; status: 'sent'; smtpReply: string; messageId: string }
  | { id: string; status: 'bounced'; smtpReply: string; messageId: string }
  /** `attemptReturned`: the message never reached a server (its provider group was paused): no attempt spent. */
  | { id: string; status: 'retrying'; smtpReply: string; retryAt: Date; attemptReturned?: boolean }
  | { id: string; status: 'failed'; smtpReply: string; reason: string }
  | { id: string; status: 'unknown'; smtpReply: string; reason: string }
  | { id: string; status: 'suppressed'; reason: string }
) & { quotaReturned?: boolean };

/** A delivery whose status an outcome changed, with what its account day needs to know. */
export interface ChangedDelivery {
  id: string;
  account_id: string;
  quota_day: string | null;
  status: string;
  quota_returned: boolean;
}

/** A delivery as the segment export shows it. */
export interface SegmentRow {
  id: string;
  /** Null for an SMS delivery, which has `phone`. */
  email: string | null;
  phone: string | null;
  name: string | null;
  status: string;
  reason: string | null;
  sent_at: Date | null;
  smtp_reply: string | null;
  read_at: string | null;
  read_machine_at: string | null;
}

/**
 * Status changes of deliveries. Each is one guarded statement for a whole batch
 * (`… where status = <expected>`), and appends one event per changed delivery, so a replayed
 * message changes nothing and the ledger explains every number.
 */
export class DeliveryStore {
  /**
   * Deliveries dispatched long ago whose message may have been lost (the process died between
   * commit and publish): touched and returned so they are published again. A duplicate message
   * is harmless: the sender's guarded update ignores it.
   */
  touchStaleDispatched(sql: Sql, olderThanMs: number, limit: number, now: Date): Promise<ClaimedDelivery[]> {
    return touchStaleDispatched(sql, 'email', olderThanMs, limit, now);
  }

  /**
   * A send that started long ago and never recorded its end (the sender died mid-send): the
   * body may have left, so the honest status is `unknown`, never resent automatically. Only
   * sends without a sender lease (started before leases); a leased one is settled when its
   * lease lapses (SenderLeaseStore.settleLapsed).
   */
  async markStaleSendingUnknown(sql: Sql, olderThanMs: number, now: Date): Promise<number> {
    const res = await sql.query(
      `with stale as (
         update deliveries set status = 'unknown', reason = 'sender stopped during the send', updated_at = $2
          where status = 'sending' and lease_id is null and not (channel = 'sms' and message_id is not null) -- awaiting its receipt
            and updated_at < $2::timestamptz - make_interval(secs => $1::double precision / 1000)
         returning id
       )
       insert into delivery_events (delivery_id, from_status, to_status, detail)
       select id, 'sending', 'unknown', 'sender stopped during the send' from stale`,
      [olderThanMs, now],
    );
    return res.rowCount ?? 0;
  }

  /**
   * Guarded `dispatched → sending` for one message's batch; returns only the deliveries this
   * caller now owns. A redelivered or duplicated message gets nothing back: nothing is sent
   * twice. Deliveries of a blocked account are held instead (`held`), those of a paused campaign
   * go back to `queued` and those of a cancelled one end `cancelled`; each gives its quota back.
   */
  async startSending(
    sql: Sql,
    ids: readonly string[],
    now: Date,
    /** The sender's lease: when it lapses, these sends become `unknown` (SenderLeaseStore). */
    leaseId: string | null = null,
  ): Promise<SendingDelivery[]> {
    const rows = await this.claimForSending(sql, ids, leaseId, now);
    return rows.map(({ blacklist_reason: _reason, ...delivery }) => delivery);
  }

  /**
   * `startSending` and `blacklisted` in one statement, for the ids of many broker messages at
   * once: a blocked account's deliveries are held, a paused campaign's go back to `queued` and a
   * cancelled one's end `cancelled` (each giving its quota back), the others move
   * guarded `dispatched → sending` under the sender's lease, and each started one comes back
   * with its blacklist reason (null when none), in id order.
   */
  claimForSending(
    sql: Sql,
    ids: readonly string[],
    leaseId: string | null,
    now: Date,
  ): Promise<ClaimedForSending[]> {
    return claimForSending(sql, ids, leaseId, now);
  }

  /**
   * `claimForSending` and `settleSends` in ONE statement: a sender's claim carries the outcomes
   * pending at that moment (settle-sends.ts).
   */
  claimAndSettle(
    sql: Sql,
    claim: { ids: readonly string[]; leaseId: string | null },
    outcomes: readonly DeliveryOutcome[],
    rejected: readonly RejectedNotice[],
    now: Date,
  ): Promise<{ started: ClaimedForSending[]; settled: Set<string> }> {
    return claimAndSettle(sql, claim, outcomes, rejected, now);
  }

  /** Blacklisted recipients among these, for the re-check right before sending. */
  /** The deliveries whose address is blacklisted at `now` (soft entries expired by then do not count). */
  async blacklisted(sql: Sql, rows: readonly SendingDelivery[], now: Date): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const res = await sql.query<{ id: string; reason: string }>(
      `select d.id::text, b.reason from deliveries d
         join blacklist b on b.account_id = d.account_id and b.email_normalized = d.email_normalized
        where d.id = any($1::bigint[]) and (b.expires_at is null or b.expires_at > $2)`,
      [rows.map((r) => r.id), now],
    );
    return new Map(res.rows.map((r) => [r.id, r.reason]));
  }

  /**
   * Records a batch of outcomes in one statement. Guarded on `sending` (and `unknown`, which a
   * sweeper may have set while a slow send was still running: the server's reply is the truth).
   * Returns the deliveries whose row changed.
   */
  async recordOutcomes(
    sql: Sql,
    outcomes: readonly DeliveryOutcome[],
    now: Date,
  ): Promise<ChangedDelivery[]> {
    if (outcomes.length === 0) return [];
    const res = await sql.query<ChangedDelivery>(
      `with ${CHANGED_CTE}
       select id::text, account_id, to_char(quota_day, 'YYYY-MM-DD') as quota_day, status, quota_returned from changed`,
      changedParams(outcomes, now),
    );
    return res.rows;
  }

  /** `recordOutcomes`, the account days' deltas and the bounces' notices, in one statement (settle-sends.ts). */
  settleSends(
    sql: Sql,
    outcomes: readonly DeliveryOutcome[],
    rejected: readonly RejectedNotice[],
    now: Date,
  ): Promise<Set<string>> {
    return settleSends(sql, outcomes, rejected, now);
  }

  /** How many deliveries are in the senders' hands now (dispatched or sending). */
  async inFlight(sql: Sql): Promise<number> {
    const res = await sql.query<{ n: number }>(
      `select count(*)::int as n from deliveries where status in ('dispatched', 'sending') and channel = 'email'`,
    );
    return res.rows[0].n;
  }

  /** The account's waiting deliveries by status (queued, retrying, deferred, held). */
  async waitingCounts(sql: Sql, accountId: string): Promise<Record<string, number>> {
    const counts = await sql.query<{ status: string; n: string }>(
      `select status, count(*) as n from deliveries where account_id = $1 and status in ('queued', 'retrying', 'deferred', 'held') group by status`,
      [accountId],
    );
    return Object.fromEntries(counts.rows.map((r) => [r.status, Number(r.n)]));
  }

  /** One page of a campaign's segment with delivery status, after the delivery id `after` (keyset). */
  async segmentPage(sql: Sql, campaignId: string, after: string, limit: number): Promise<SegmentRow[]> {
    const res = await sql.query<SegmentRow>(
      `select id::text, email, phone, name, status, reason, sent_at, smtp_reply, read_at, read_machine_at from deliveries
            where campaign_id = $1 and id > $2 order by deliveries.id limit $3`,
      [campaignId, after, limit],
    );
    return res.rows;
  }
}

/**
 * One channel's deliveries dispatched more than `olderThanMs` ago: touched and returned, oldest
 * first, for publishing again (DeliveryStore for email, SmsQuotaStore for SMS).
 */
export async function touchStaleDispatched(
  sql: Sql,
  channel: 'email' | 'sms',
  olderThanMs: number,
  limit: number,
  now: Date,
): Promise<ClaimedDelivery[]> {
  const res = await sql.query<ClaimedDelivery>(
    `update deliveries d set updated_at = $3
       from (select id from deliveries
              where status = 'dispatched' and channel = $4 and updated_at < $3::timestamptz - make_interval(secs => $1::double precision / 1000)
              order by updated_at limit $2 for update skip locked) s
      where d.id = s.id
     returning d.id::text, d.campaign_id`,
    [olderThanMs, limit, now, channel],
  );
  return res.rows;
}
