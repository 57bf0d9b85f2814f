import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { QuotaDayStore, type AccountFigures, type Ledger } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, LEDGER, METRICS, type Clock } from '@postroom/runtime';
import { Gauge } from 'prom-client';
import { rates } from '../reputation/limit-rules';

/**
 * Per-account quota and reputation gauges, read from the ledger when Prometheus scrapes, so
 * every scheduler instance reports the same truth. Labelled by account, never by recipient.
 */
@Injectable()
export class QuotaMetrics implements OnModuleInit {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly days: QuotaDayStore,
    @Inject(METRICS) private readonly metrics: Metrics,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private snapshot?: { at: number; figures: Promise<AccountFigures[]> };

  onModuleInit(): void {
    const gauge = (name: string, help: string, value: (a: AccountFigures) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['account'],
        registers: [this.metrics.registry],
        // every gauge of one scrape reads the same snapshot: one query, consistent figures
        collect: async function (this: Gauge<'account'>) {
          const figures = await snapshotOf();
          this.reset();
          for (const a of figures) this.set({ account: a.id }, value(a));
        },
      });
    const snapshotOf = () => this.currentSnapshot();
    const rate = (a: AccountFigures) =>
      rates({ delivered: a.delivered, hardBounced: a.hard_bounced, complaints: a.complaints });
    gauge('postroom_quota_limit', "Today's daily limit", (a) => a.limit);
    gauge('postroom_quota_used', "Emails dispatched against today's limit", (a) => a.used);
    gauge('postroom_quota_remaining', "What is left of today's limit (0 when blocked)", (a) =>
      a.status === 'active' ? Math.max(0, a.limit - a.used) : 0,
    );
    gauge(
      'postroom_account_local_hour',
      "The hour (0-23) in the account's time zone, for alerts on local time",
      (a) => a.local_hour,
    );
    gauge('postroom_deliveries_deferred', 'Deliveries waiting for a later day', (a) => a.deferred);
    gauge('postroom_account_blocked', '1 when the account is blocked', (a) =>
      a.status === 'blocked' ? 1 : 0,
    );
    gauge(
      'postroom_complaint_rate',
      'Complaints per delivered email over the reputation window',
      (a) => rate(a).complaintRate,
    );
    gauge(
      'postroom_hard_bounce_rate',
      'Hard bounces per attempted email over the reputation window',
      (a) => rate(a).hardBounceRate,
    );
  }

  private currentSnapshot(): Promise<AccountFigures[]> {
    const now = this.clock.now().getTime();
    if (!this.snapshot || now - this.snapshot.at > 1000) {
      const figures = this.figures();
      figures.catch(() => (this.snapshot = undefined));
      this.snapshot = { at: now, figures };
    }
    return this.snapshot.figures;
  }

  private figures(): Promise<AccountFigures[]> {
    return this.days.figures(this.ledger, this.config.REPUTATION_WINDOW_DAYS, this.clock.now());
  }
}
