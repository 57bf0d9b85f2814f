import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { CampaignStore, SpamCheckStore, type Ledger } from '@postroom/ledger';
import { CLOCK, CONFIG, LEDGER, LOGGER, type Clock } from '@postroom/runtime';
import type { Logger } from 'pino';
import { RenderError } from '../../../sender/src/render/rendered-message';
import { Loop } from '../dispatch/loop';
import { SpamCheckError, type SpamChecker } from './spam-checker';
import { SpamSample } from './spam-sample';

export const SPAM_CHECKER = Symbol('SPAM_CHECKER');

/**
 * The optional pre-send spam check (SPAMD_URL): campaigns submitted while it is on wait
 * (`pending`) until one rendered sample is scored. Under SPAM_SCORE_HOLD they go at once; at or
 * above it they are `held` until an operator releases them. spamd unreachable: they wait and are
 * tried again every SPAM_CHECK_INTERVAL_MS; a sample spamd can never score (too large, protocol)
 * or that does not render is `skipped` and the campaign goes, with the reason kept.
 */
@Injectable()
export class SpamGateService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly loop: Loop;
  private readonly sample: SpamSample;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(SPAM_CHECKER) private readonly checker: SpamChecker | null,
    private readonly store: SpamCheckStore,
    private readonly campaigns: CampaignStore,
  ) {
    this.sample = new SpamSample({
      bounceDomain: config.BOUNCE_DOMAIN,
      trackingBaseUrl: config.TRACKING_BASE_URL,
      clock,
    });
    this.loop = new Loop('spam-gate', config.SPAM_CHECK_INTERVAL_MS, () => this.checkPending(), logger);
  }

  onApplicationBootstrap(): void {
    if (this.checker) this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Scores the campaigns waiting for their check; returns how many got a verdict. */
  async checkPending(): Promise<number> {
    if (!this.checker) return 0;
    let decided = 0;
    for (const id of await this.store.pending(this.ledger, 20)) if (await this.checkOne(id)) decided++;
    return decided;
  }

  private async checkOne(campaignId: string): Promise<boolean> {
    const hold = this.config.SPAM_SCORE_HOLD;
    const [campaign, to] = await Promise.all([
      this.campaigns.findById(this.ledger, campaignId),
      this.store.sample(this.ledger, campaignId),
    ]);
    if (!campaign || !to)
      return this.decide(campaignId, { status: 'skipped', detail: 'no recipient to render a sample for' });
    let raw: Buffer;
    try {
      raw = await this.sample.render(campaign, to);
    } catch (err) {
      if (!(err instanceof RenderError)) throw err;
      return this.decide(campaignId, {
        status: 'skipped',
        detail: `the sample did not render: ${err.message}`,
      });
    }
    try {
      const verdict = await this.checker!.check(raw);
      const status = verdict.score >= hold ? 'held' : 'passed';
      if (status === 'held')
        this.logger.warn(
          { campaign: campaignId, score: verdict.score, hold },
          'campaign held by the spam check',
        );
      return this.decide(campaignId, {
        status,
        score: verdict.score,
        rules: verdict.rules,
        detail: `spamd scored the sample ${verdict.score} (holds at ${hold}; spamd's own line ${verdict.threshold})`,
      });
    } catch (err) {
      if (!(err instanceof SpamCheckError)) throw err;
      if (err.retryable) {
        this.logger.warn(
          { campaign: campaignId, err: err.message },
          'spam check not made; the campaign waits',
        );
        return false;
      }
      return this.decide(campaignId, {
        status: 'skipped',
        detail: `spamd could not score the sample: ${err.message}`,
      });
    }
  }

  private decide(
    campaignId: string,
    v: { status: 'passed' | 'held' | 'skipped'; score?: number; rules?: unknown; detail: string },
  ): Promise<boolean> {
    const now = this.clock.now();
    return this.ledger.tx((sql) =>
      this.store.record(
        sql,
        campaignId,
        {
          status: v.status,
          score: v.score ?? null,
          holdScore: this.config.SPAM_SCORE_HOLD,
          rules: v.rules ?? null,
          detail: v.detail,
        },
        now,
      ),
    );
  }
}
