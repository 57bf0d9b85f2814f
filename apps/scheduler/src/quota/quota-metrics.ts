import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import type { Ledger } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CONFIG, LEDGER, METRICS } from '@postroom/runtime';
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
  ) {}

  onModuleInit(): void {
    const registers = [this.metrics.registry];
    const labelNames = ['account'] as const;
    // one query feeds every gauge; postroom_quota_limit is registered first, so its collect runs
    // before the others are read
    const figures = () => this.figures();
    new Gauge({
      name: 'postroom_quota_limit',
      help: "Today's daily limit",
      labelNames,
      registers,
      async collect() {
        this.reset();
        for (const g of [used, remaining, deferred, blocked, complaintRate, bounceRate]) g.reset();
        for (const a of await figures()) {
          const labels = { account: a.id };
          const r = rates({ delivered: a.delivered, hardBounced: a.hard_bounced, complaints: a.complaints });
          this.set(labels, a.limit);
          used.set(labels, a.used);
          remaining.set(labels, a.status === 'active' ? Math.max(0, a.limit - a.used) : 0);
          deferred.set(labels, a.deferred);
          blocked.set(labels, a.status === 'blocked' ? 1 : 0);
          complaintRate.set(labels, r.complaintRate);
          bounceRate.set(labels, r.hardBounceRate);
        }
      },
    });
    const used = new Gauge({
      name: 'postroom_quota_used',
      help: "Emails dispatched against today's limit",
      labelNames,
      registers,
    });
    const remaining = new Gauge({
      name: 'postroom_quota_remaining',
      help: "What is left of today's limit (0 when blocked)",
      labelNames,
      registers,
    });
    const deferred = new Gauge({
      name: 'postroom_deliveries_deferred',
      help: 'Deliveries waiting for a later day',
      labelNames,
      registers,
    });
    const blocked = new Gauge({
      name: 'postroom_account_blocked',
      help: '1 when the account is blocked',
      labelNames,
      registers,
    });
    const complaintRate = new Gauge({
      name: 'postroom_complaint_rate',
      help: 'Complaints per delivered email over the reputation window',
      labelNames,
      registers,
    });
    const bounceRate = new Gauge({
      name: 'postroom_hard_bounce_rate',
      help: 'Hard bounces per attempted email over the reputation window',
      labelNames,
      registers,
    });
  }

  private async figures(): Promise<AccountFigures[]> {
    const res = await this.ledger.query<AccountFigures>(
      `select a.id, a.status,
              coalesce(t.daily_limit, a.daily_limit) as "limit", coalesce(t.used, 0) as used,
              (select count(*) from deliveries d where d.account_id = a.id and d.status = 'deferred')::int as deferred,
              coalesce(w.delivered, 0)::int as delivered, coalesce(w.hard_bounced, 0)::int as hard_bounced,
              coalesce(w.complaints, 0)::int as complaints
         from accounts a
         left join quota_days t on t.account_id = a.id and t.day = (now() at time zone a.time_zone)::date
         left join lateral (
           select sum(delivered) as delivered, sum(hard_bounced) as hard_bounced, sum(complaints) as complaints
             from quota_days q
            where q.account_id = a.id and q.day > (now() at time zone a.time_zone)::date - $1::int
              and (a.window_baseline is null or q.day >= (a.window_baseline->>'day')::date)
         ) w on true
        order by a.id`,
      [this.config.REPUTATION_WINDOW_DAYS],
    );
    return res.rows;
  }
}
