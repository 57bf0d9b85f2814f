import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, bounceEnv } from '@postroom/config';
import { BlacklistStore, BounceEventStore, type Ledger, type MatchedDelivery } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, LEDGER, METRICS, type Clock } from '@postroom/runtime';
import { countedAs, verdictFor } from './blacklist-policy';
import type { ClassifiedRecipient } from './classify';

export type FailureSource = 'smtp' | 'dsn' | 'complaint';

export type RecordOutcome =
  | { kind: 'recorded'; blacklisted: boolean }
  /** The delivery already counted this (a replayed or retried report): nothing changed. */
  | { kind: 'repeat' }
  /** Not a failure (an out-of-office reply, a delivery notice): nothing to record. */
  | { kind: 'ignored' };

/**
 * Applies one classified failure of one delivery to the ledger, in one transaction: the event,
 * the blacklist when the rules say so, the delivery's status for a later hard bounce, and the
 * account's reputation counters. A delivery's hard bounce, complaint, error or soft failure
 * counts once: the event's unique key decides, so it holds across bounce instances.
 */
@Injectable()
export class BounceRecorder {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: BounceEventStore,
    private readonly blacklist: BlacklistStore,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof bounceEnv>,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async record(
    delivery: MatchedDelivery,
    failure: ClassifiedRecipient,
    source: FailureSource,
  ): Promise<RecordOutcome> {
    const verdict = verdictFor(failure.reason, failure.hard);
    const counted = countedAs(verdict);
    if (!counted) return { kind: 'ignored' };
    const complaint = failure.reason === 'feedback';
    const diagnostic = failure.diagnostic || [failure.status, failure.reply].filter(Boolean).join(' ');
    const now = this.clock.now();
    const outcome = await this.ledger.tx(async (sql): Promise<RecordOutcome> => {
      const eventId = await this.store.record(
        sql,
        {
          delivery,
          kind: complaint ? 'complaint' : 'bounce',
          source,
          reason: failure.reason,
          hard: failure.hard,
          statusCode: failure.status,
          replyCode: failure.reply,
          diagnostic,
          feedbackType: failure.feedbackType ?? null,
          countedAs: counted,
        },
        now,
      );
      if (!eventId) return { kind: 'repeat' };
      let listed = false;
      if (verdict.action === 'blacklist-now') {
        listed = await this.blacklist.addFromBounce(sql, delivery, failure.reason, source, diagnostic, now);
      } else if (verdict.action === 'count-soft') {
        const soft = await this.store.softCount(
          sql,
          delivery.account_id,
          delivery.email_normalized,
          this.config.SOFT_BOUNCE_WINDOW_DAYS,
          now,
        );
        if (soft >= this.config.SOFT_BOUNCE_LIMIT) {
          listed = await this.blacklist.addFromBounce(
            sql,
            delivery,
            failure.reason,
            source,
            `${soft} temporary failures within ${this.config.SOFT_BOUNCE_WINDOW_DAYS} days; last: ${diagnostic}`,
            now,
            // a full mailbox or a server down for days is not gone for good: listed for a while
            new Date(now.getTime() + this.config.SOFT_SUPPRESSION_DAYS * 86_400_000),
          );
        }
      }
      if (listed) await this.store.markBlacklisted(sql, eventId);
      if (complaint) await this.store.complained(sql, delivery.id, failure.feedbackType ?? null);
      else if (failure.hard && source === 'dsn')
        await this.store.markBouncedLater(sql, delivery.id, diagnostic.slice(0, 1000), now);
      await this.store.countOnAccountDay(
        sql,
        delivery.account_id,
        {
          hardBounced: verdict.counts === 'hard-bounce' ? 1 : 0,
          complaints: verdict.counts === 'complaint' ? 1 : 0,
          errors: verdict.counts === 'error' ? 1 : 0,
        },
        now,
      );
      return { kind: 'recorded', blacklisted: listed };
    });
    if (outcome.kind !== 'recorded') return outcome;
    this.metrics.bounces.inc({ reason: failure.reason, hard: String(failure.hard), source });
    if (complaint) this.metrics.complaints.inc();
    if (outcome.blacklisted) this.metrics.blacklistAdded.inc({ reason: failure.reason });
    return outcome;
  }
}
