import { loadConfig, schedulerEnv, type ConfigOf } from '@postroom/config';
import type { Recipient } from '@postroom/contracts';
import {
  AccountStore,
  CampaignStore,
  DeliveryStore,
  QuotaDayStore,
  SenderLeaseStore,
  type Ledger,
} from '@postroom/ledger';
import type { Broker, OutgoingMessage } from '@postroom/messaging';
import { FakeClock } from '@postroom/runtime';
import { campaignSubmit, recipients } from '@postroom/testing';
import { AccountAdminService } from '../../apps/scheduler/src/accounts/account-admin.service';
import { CampaignContent } from '../../apps/scheduler/src/campaigns/campaign-content';
import { ContentThread } from '../../apps/scheduler/src/campaigns/content-thread';
import { SubmitCampaignService } from '../../apps/scheduler/src/campaigns/submit-campaign.service';
import { DispatchQueue } from '../../apps/scheduler/src/dispatch/dispatch-queue';
import { DispatchSweeper } from '../../apps/scheduler/src/dispatch/dispatch-sweeper.service';
import { DispatcherService } from '../../apps/scheduler/src/dispatch/dispatcher.service';
import { AccountDayService } from '../../apps/scheduler/src/quota/account-day.service';
import { OutcomeRecorder } from '../../apps/sender/src/outcome/outcome-recorder';
import { OutcomeWriter } from '../../apps/sender/src/outcome/outcome-writer';
import { silentLogger, testMetrics } from './helpers';

/**
 * The scheduler's quota path with a clock the test moves: real ledger, real services; only the
 * broker is replaced by a list of what would have been published, and the sender by `sendAll`.
 */
export class QuotaHarness {
  readonly published: OutgoingMessage[] = [];
  readonly clock: FakeClock;
  readonly config: ConfigOf<typeof schedulerEnv>;
  readonly accountDays: AccountDayService;
  readonly dispatcher: DispatcherService;
  readonly sweeper: DispatchSweeper;
  readonly admin: AccountAdminService;
  readonly submit: SubmitCampaignService;
  private readonly deliveries = new DeliveryStore();
  private readonly recorder: OutcomeRecorder;

  constructor(
    readonly ledger: Ledger,
    start: string,
    env: Record<string, string> = {},
  ) {
    this.clock = new FakeClock(new Date(start));
    this.config = loadConfig('scheduler', schedulerEnv, {
      POSTROOM_API_TOKEN: 'test-token-0123456789',
      ...env,
    });
    const metrics = testMetrics();
    const broker = {
      publishMany: async (m: readonly OutgoingMessage[]) => void this.published.push(...m),
    } as unknown as Broker;
    const accounts = new AccountStore();
    const days = new QuotaDayStore();
    this.accountDays = new AccountDayService(ledger, accounts, days, this.config, this.clock, silentLogger);
    const queue = new DispatchQueue(ledger, accounts, days, this.deliveries, new SenderLeaseStore());
    this.dispatcher = new DispatcherService(
      queue,
      broker,
      this.config,
      metrics,
      this.clock,
      this.accountDays,
    );
    this.sweeper = new DispatchSweeper(
      queue,
      this.config,
      metrics,
      silentLogger,
      this.clock,
      this.dispatcher,
    );
    this.admin = new AccountAdminService(ledger, accounts, days, this.deliveries, this.config, this.clock);
    this.submit = new SubmitCampaignService(
      ledger,
      new CampaignStore(),
      this.config,
      metrics,
      this.clock,
      new CampaignContent(this.config, new ContentThread()),
    );
    const writer = new OutcomeWriter(ledger, this.deliveries);
    this.recorder = new OutcomeRecorder(writer, metrics, silentLogger, this.clock, 1);
  }

  async campaign(account: string, count: number, extra: { priority?: number; domain?: string } = {}) {
    const { recipients: _r, ...header } = campaignSubmit({ account, priority: extra.priority });
    const list: Recipient[] = recipients(count, extra.domain ?? `${account}.example`);
    const outcome = await this.submit.submit(header, list, 'api');
    return outcome.campaign.id;
  }

  /** Dispatches until nothing more goes; returns how many deliveries were dispatched. */
  async dispatchAll(): Promise<number> {
    let total = 0;
    for (let n = await this.dispatcher.dispatchOnce(); n > 0; n = await this.dispatcher.dispatchOnce())
      total += n;
    return total;
  }

  /** Plays the sender for everything published: owns each delivery, records `outcome` for it. */
  async sendAll(
    outcome: (email: string) => 'sent' | 'bounced' = () => 'sent',
    count = Infinity,
  ): Promise<number> {
    const all = this.published.splice(0).flatMap((m) => (m.payload as { deliveryIds: string[] }).deliveryIds);
    const ids = all.slice(0, count);
    // what is not sent now stays published, as messages still waiting in the queue would
    if (all.length > ids.length)
      this.published.push({ routingKey: 'delivery.send', payload: { deliveryIds: all.slice(ids.length) } });
    const owned = await this.ledger.tx((sql) => this.deliveries.startSending(sql, ids, this.clock.now()));
    await Promise.all(
      owned.map((d) =>
        this.recorder.record({
          outcome:
            outcome(d.email) === 'sent'
              ? { id: d.id, status: 'sent', smtpReply: '250 ok', messageId: `<${d.id}@test>` }
              : {
                  id: d.id,
                  status: 'bounced',
                  smtpReply: '550 5.1.1 no such user',
                  messageId: `<${d.id}@test>`,
                },
        }),
      ),
    );
    // the bounce service counts hard bounces on the account's day (here: the fake clock's day)
    const bounced = owned.filter((d) => outcome(d.email) === 'bounced');
    for (const d of bounced) {
      await this.ledger.query(
        `update quota_days set hard_bounced = hard_bounced + 1
          where account_id = $1 and day = (($2::timestamptz) at time zone (select time_zone from accounts where id = $1))::date`,
        [d.account_id, this.clock.now()],
      );
    }
    return owned.length;
  }

  async counts(account: string): Promise<Record<string, number>> {
    const res = await this.ledger.query<{ status: string; n: string }>(
      `select status, count(*) as n from deliveries where account_id = $1 group by status`,
      [account],
    );
    return Object.fromEntries(res.rows.map((r) => [r.status, Number(r.n)]));
  }
}
