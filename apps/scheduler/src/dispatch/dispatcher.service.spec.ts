import { loadConfig, schedulerEnv } from '@postroom/config';
import { MessageName, type DeliverySend } from '@postroom/contracts';
import type { AccountDayRow, AccountRow, ClaimedDelivery } from '@postroom/ledger';
import { Metrics } from '@postroom/metrics';
import { FakeClock } from '@postroom/runtime';
import { InMemoryPublisher } from '@postroom/testing';
import type { AccountDayService, OpenDay } from '../quota/account-day.service';
import type { DispatchQueue } from './dispatch-queue';
import { DispatcherService } from './dispatcher.service';

/** The one clock of these tests: a fixed instant, whatever day they run on. */
const NOW = new Date('2031-03-14T09:00:00Z');

/** A queue in memory: `waiting` deliveries per account, claimed in order up to the batch. */
class QueueInMemory {
  readonly claims: { accountId: string; batch: number; now: Date }[] = [];
  constructor(
    readonly waiting: Map<string, number>,
    private readonly inFlightNow = 0,
  ) {}
  async accountsWithWork() {
    return [...this.waiting.keys()];
  }
  async inFlight() {
    return this.inFlightNow;
  }
  async claim(accountId: string, batch: number, now: Date): Promise<ClaimedDelivery[]> {
    this.claims.push({ accountId, batch, now });
    const n = Math.min(batch, this.waiting.get(accountId) ?? 0);
    this.waiting.set(accountId, (this.waiting.get(accountId) ?? 0) - n);
    return Array.from({ length: n }, (_, i) => ({ id: `${accountId}-${i + 1}`, campaign_id: 'c1' }));
  }
  async deferWaiting() {
    return 0;
  }
}

function openDay(id: string, status: 'active' | 'blocked' = 'active'): OpenDay {
  const account: AccountRow = {
    id,
    daily_limit: 1000,
    sms_daily_limit: 1000,
    time_zone: 'UTC',
    status,
    block_reason: null,
    window_start: null,
    window_baseline: null,
  };
  const today: AccountDayRow = {
    account_id: id,
    day: '2031-03-14',
    daily_limit: 1000,
    used: 0,
    delivered: 0,
    hard_bounced: 0,
    complaints: 0,
    errors: 0,
    sms_used: 0,
    sms_delivered: 0,
    closed_at: null,
  };
  return { account, today };
}

describe(DispatcherService.name, () => {
  const config = loadConfig('scheduler', schedulerEnv, {
    POSTROOM_API_TOKEN: 'test-token-0123456789',
    DELIVERY_SEND_BATCH: '2',
    DISPATCH_BATCH_SIZE: '10',
  });
  let publisher: InMemoryPublisher;

  function build(queue: QueueInMemory, blocked: ReadonlySet<string> = new Set()) {
    const accountDays = {
      ensureOpen: async (id: string) => openDay(id, blocked.has(id) ? 'blocked' : 'active'),
      blockIfCrossed: async () => false,
    } as unknown as AccountDayService;
    return new DispatcherService(
      queue as unknown as DispatchQueue,
      publisher,
      config,
      new Metrics('test'),
      new FakeClock(NOW),
      accountDays,
    );
  }

  beforeEach(() => {
    publisher = new InMemoryPublisher();
  });

  it('publishes what it claims as delivery.send batches of DELIVERY_SEND_BATCH ids', async () => {
    const sut = build(new QueueInMemory(new Map([['acme', 5]])));

    const dispatched = await sut.dispatchOnce();

    expect(dispatched).toBe(5);
    expect(publisher.payloadsOf<DeliverySend>(MessageName.DeliverySend)).toEqual([
      { deliveryIds: ['acme-1', 'acme-2'] },
      { deliveryIds: ['acme-3', 'acme-4'] },
      { deliveryIds: ['acme-5'] },
    ]);
    expect(publisher.published.map((m) => m.messageId)).toEqual([
      'send-acme-1',
      'send-acme-3',
      'send-acme-5',
    ]);
  });

  it('claims with the clock instant and no more than the in-flight budget leaves', async () => {
    // room for 13: a full batch (10) for the first account, what is left (3) for the second
    const queue = new QueueInMemory(
      new Map([
        ['acme', 15],
        ['zeta', 15],
      ]),
      config.DISPATCH_MAX_IN_FLIGHT - 13,
    );
    const sut = build(queue);

    await sut.dispatchOnce();

    expect(queue.claims).toEqual([
      { accountId: 'acme', batch: 10, now: NOW },
      { accountId: 'zeta', batch: 3, now: NOW },
    ]);
    expect(publisher.published.flatMap((m) => (m.payload as DeliverySend).deliveryIds)).toHaveLength(13);
  });

  it('waits for room worth a full batch: no claim statement for a sliver of room', async () => {
    const queue = new QueueInMemory(new Map([['acme', 5]]), config.DISPATCH_MAX_IN_FLIGHT - 9);
    const sut = build(queue);

    expect(await sut.dispatchOnce()).toBe(0);
    expect(queue.claims).toEqual([]);
  });

  it('claims and publishes nothing for a blocked account', async () => {
    const queue = new QueueInMemory(
      new Map([
        ['blocked', 4],
        ['open', 1],
      ]),
    );
    const sut = build(queue, new Set(['blocked']));

    await sut.dispatchOnce();

    expect(queue.claims.map((c) => c.accountId)).toEqual(['open']);
    expect(publisher.payloadsOf<DeliverySend>(MessageName.DeliverySend)).toEqual([
      { deliveryIds: ['open-1'] },
    ]);
  });
});
