import type { Sql } from '../ledger';

export interface MatchedDelivery {
  id: string;
  campaign_id: string;
  account_id: string;
  email: string;
  email_normalized: string;
  status: string;
}

export interface BounceEventInput {
  delivery: MatchedDelivery;
  kind: 'bounce' | 'complaint';
  source: 'smtp' | 'dsn' | 'complaint';
  reason: string;
  hard: boolean;
  statusCode: string | null;
  replyCode: string | null;
  diagnostic: string;
  feedbackType?: string | null;
  /** What it counts as (hard-bounce, complaint, error, soft): once per delivery each. */
  countedAs: string;
}

/** How an event moves the account's reputation counters on today's account day. */
export interface CounterDelta {
  hardBounced: number;
  complaints: number;
  errors: number;
}

/** Bounce and complaint events of deliveries: matched, recorded once, and counted. */
export class BounceEventStore {
  async deliveryById(sql: Sql, id: string): Promise<MatchedDelivery | undefined> {
    if (!/^\d{1,19}$/.test(id)) return undefined;
    return this.one(sql, `where d.id = $1`, [id]);
  }

  async deliveryByMessageId(sql: Sql, messageId: string): Promise<MatchedDelivery | undefined> {
    return this.one(sql, `where d.message_id = $1`, [messageId]);
  }

  /**
   * Deliveries to this address on this account that failed softly within the window, this one
   * included (one event per delivery: a replayed report adds nothing).
   */
  async softCount(
    sql: Sql,
    accountId: string,
    emailNormalized: string,
    windowDays: number,
    now: Date,
  ): Promise<number> {
    const res = await sql.query<{ n: number }>(
      `select count(*)::int as n from bounce_events
        where account_id = $1 and email_normalized = $2 and counted_as = 'soft'
          and at > $4::timestamptz - make_interval(days => $3)`,
      [accountId, emailNormalized, windowDays, now],
    );
    return res.rows[0].n;
  }

  /**
   * Records the event unless this delivery already has one that counted the same: returns the
   * new event's id, or undefined for a repeat (which then must change nothing else).
   */
  async record(sql: Sql, e: BounceEventInput, now: Date): Promise<string | undefined> {
    const res = await sql.query<{ id: string }>(
      `insert into bounce_events (delivery_id, campaign_id, account_id, email_normalized, kind, source, reason, hard,
                                  status_code, reply_code, diagnostic, feedback_type, counted_as, at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
       on conflict (delivery_id, counted_as) do nothing
       returning id::text`,
      [
        e.delivery.id,
        e.delivery.campaign_id,
        e.delivery.account_id,
        e.delivery.email_normalized,
        e.kind,
        e.source,
        e.reason,
        e.hard,
        e.statusCode,
        e.replyCode,
        e.diagnostic,
        e.feedbackType ?? null,
        e.countedAs,
        now,
      ],
    );
    return res.rows[0]?.id;
  }

  async markBlacklisted(sql: Sql, eventId: string): Promise<void> {
    await sql.query(`update bounce_events set blacklisted = true where id = $1`, [eventId]);
  }

  /** A later hard bounce of a `sent` delivery: guarded `sent → bounced`, with its event. */
  async markBouncedLater(sql: Sql, deliveryId: string, reply: string, now: Date): Promise<void> {
    await sql.query(
      `with changed as (
         update deliveries set status = 'bounced', smtp_reply = $2, updated_at = $3
          where id = $1 and status in ('sent', 'unknown') returning id
       )
       insert into delivery_events (delivery_id, from_status, to_status, detail, smtp_reply)
       select id, 'sent', 'bounced', 'bounced after acceptance (DSN)', $2 from changed`,
      [deliveryId, reply, now],
    );
  }

  async complained(sql: Sql, deliveryId: string, feedbackType: string | null): Promise<void> {
    await sql.query(
      `insert into delivery_events (delivery_id, from_status, to_status, detail) values ($1, null, 'complained', $2)`,
      [deliveryId, `spam complaint (ARF feedback type: ${feedbackType ?? 'abuse'})`],
    );
  }

  /**
   * Adds to the bounce-owned counters (hard bounces, complaints, errors) of the account's day at
   * `now` (the day the news arrived).
   */
  async countOnAccountDay(sql: Sql, accountId: string, delta: CounterDelta, now: Date): Promise<void> {
    if (delta.hardBounced + delta.complaints + delta.errors === 0) return;
    await sql.query(
      `insert into quota_days as q (account_id, day, daily_limit, hard_bounced, complaints, errors)
       select a.id, ($5::timestamptz at time zone a.time_zone)::date, a.daily_limit, $2, $3, $4 from accounts a where a.id = $1
       on conflict (account_id, day) do update
         set hard_bounced = q.hard_bounced + excluded.hard_bounced,
             complaints = q.complaints + excluded.complaints,
             errors = q.errors + excluded.errors`,
      [accountId, delta.hardBounced, delta.complaints, delta.errors, now],
    );
  }

  private async one(sql: Sql, where: string, params: unknown[]): Promise<MatchedDelivery | undefined> {
    const res = await sql.query<MatchedDelivery>(
      `select d.id::text, d.campaign_id, d.account_id, d.email, d.email_normalized, d.status from deliveries d ${where} limit 1`,
      params,
    );
    return res.rows[0];
  }
}
