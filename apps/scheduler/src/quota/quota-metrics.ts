import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import type { Ledger } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, LEDGER, METRICS, type Clock } from '@postroom/runtime';
import { Gauge } from 'prom-client';
import { rates } from '../reputation/limit-rules';

interface AccountFigures {
  id: string;
  status: string;
  limit: number;
  used: number;
  deferred: number;
  delivered: number;
  hard_bounced: number;
  complaints: number;
  local_hour: number;
}

/**
 * Per-account quota and reputation gauges, read from the ledger when Prometheus scrapes, so
 * every scheduler instance reports the same truth. Labelled by account, never by recipient.
 */
@Injectable()
export class QuotaMetrics implements OnModuleInit {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
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

  private async figures(): Promise<AccountFigures[]> {
    const res = await this.ledger.query<AccountFigures>(
      `select a.id, a.status,
              coalesce(t.daily_limit, a.daily_limit) as "limit", coalesce(t.used, 0) as used,
              (select count(*) from deliveries d where d.account_id = a.id and d.status = 'deferred')::int as deferred,
              coalesce(w.delivered, 0)::int as delivered, coalesce(w.hard_bounced, 0)::int as hard_bounced,
              coalesce(w.complaints, 0)::int as complaints,
              extract(hour from $2::timestamptz at time zone a.time_zone)::int as local_hour
         from accounts a
         left join quota_days t on t.account_id = a.id and t.day = ($2::timestamptz at time zone a.time_zone)::date
         left join lateral (
           select sum(delivered) as delivered, sum(hard_bounced) as hard_bounced, sum(complaints) as complaints
             from quota_days q
            where q.account_id = a.id and q.day > ($2::timestamptz at time zone a.time_zone)::date - $1::int
              and (a.window_baseline is null or q.day >= (a.window_baseline->>'day')::date)
         ) w on true
        order by a.id`,
      [this.config.REPUTATION_WINDOW_DAYS, this.clock.now()],
    );
    return res.rows;
  }
}
