import { MessageName } from '@postroom/contracts';
import type {
  AccountDayDelta,
  ChangedDelivery,
  DeliveryOutcome,
  DeliveryStore,
  Ledger,
  OutboxStore,
  QuotaDayStore,
  Sql,
} from '@postroom/ledger';
import { accountDayDeltas, OutcomeWriter, type OutcomeWrite } from './outcome-writer';

/** The one clock of these tests: a fixed instant, whatever day they run on. */
const NOW = new Date('2031-03-14T09:00:00Z');

/**
 * One transaction in memory: what the stores were asked to write is kept only when the body
 * resolves, the way a rollback drops it.
 */
class LedgerInMemory {
  committed: { deltas: AccountDayDelta[]; outbox: { routingKey: string; payload: unknown }[] }[] = [];
  pending = { deltas: [] as AccountDayDelta[], outbox: [] as { routingKey: string; payload: unknown }[] };

  async tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    this.pending = { deltas: [], outbox: [] };
    const result = await fn({} as Sql);
    this.committed.push(this.pending);
    return result;
  }
}

describe(OutcomeWriter.name, () => {
  let ledger: LedgerInMemory;
  /** What recordOutcomes reports as changed (the store's guard decides this in SQL). */
  let changed: ChangedDelivery[];
  let failDeltas: boolean;
  let sut: OutcomeWriter;

  beforeEach(() => {
    ledger = new LedgerInMemory();
    changed = [];
    failDeltas = false;
    const deliveries = {
      recordOutcomes: async (_sql: Sql, outcomes: readonly DeliveryOutcome[]) =>
        changed.filter((c) => outcomes.some((o) => o.id === c.id)),
    } as unknown as DeliveryStore;
    const days = {
      applyDeltas: async (_sql: Sql, deltas: readonly AccountDayDelta[]) => {
        if (failDeltas) throw new Error('deadlock detected');
        ledger.pending.deltas.push(...deltas);
      },
    } as unknown as QuotaDayStore;
    const outbox = {
      add: async (_sql: Sql, items: readonly { routingKey: string; payload: unknown }[]) => {
        ledger.pending.outbox.push(...items);
      },
    } as unknown as OutboxStore;
    sut = new OutcomeWriter(ledger as unknown as Ledger, deliveries, days, outbox);
  });

  const bounce = (id: string, email: string): OutcomeWrite => ({
    outcome: { id, status: 'bounced', smtpReply: '550 5.1.1 no such user', messageId: `<${id}@m>` },
    rejected: {
      deliveryId: id,
      campaignId: '7',
      account: 'acme',
      email,
      smtpCode: 550,
      enhancedCode: '5.1.1',
      smtpReply: '550 5.1.1 no such user',
    },
  });
  const row = (id: string, status: string, quota_returned = false, quota_day: string | null = '2031-03-14') =>
    ({ id, account_id: 'acme', quota_day, status, quota_returned }) satisfies ChangedDelivery;

  it('publishes delivery.rejected through the outbox only for bounces whose row changed', async () => {
    changed = [row('1', 'bounced')];

    const ids = await sut.write([bounce('1', 'a@x.example'), bounce('2', 'b@x.example')], NOW);

    expect([...ids]).toEqual(['1']);
    expect(ledger.committed[0].outbox).toEqual([
      {
        routingKey: MessageName.DeliveryRejected,
        payload: expect.objectContaining({ deliveryId: '1', email: 'a@x.example', at: NOW.toISOString() }),
      },
    ]);
  });

  it('moves the account day by what changed: quota returned and delivered', async () => {
    changed = [row('1', 'sent'), row('2', 'sent'), row('3', 'suppressed', true), row('4', 'retrying', true)];
    const outcomes: OutcomeWrite[] = ['1', '2', '3', '4'].map((id) => ({
      outcome: { id, status: 'sent', smtpReply: '250', messageId: `<${id}@m>` },
    }));

    await sut.write(outcomes, NOW);

    expect(ledger.committed[0].deltas).toEqual([
      { accountId: 'acme', day: '2031-03-14', returned: 2, delivered: 2 },
    ]);
  });

  it('commits nothing when a part of the write fails', async () => {
    changed = [row('1', 'bounced')];
    failDeltas = true;

    await expect(sut.write([bounce('1', 'a@x.example')], NOW)).rejects.toThrow('deadlock detected');
    expect(ledger.committed).toEqual([]);
  });
});

describe(accountDayDeltas.name, () => {
  it('sums per account and day, and skips rows without a quota day', () => {
    const rows: ChangedDelivery[] = [
      { id: '1', account_id: 'a', quota_day: '2031-03-14', status: 'sent', quota_returned: false },
      { id: '2', account_id: 'a', quota_day: '2031-03-15', status: 'failed', quota_returned: true },
      { id: '3', account_id: 'b', quota_day: '2031-03-14', status: 'sent', quota_returned: false },
      { id: '4', account_id: 'a', quota_day: '2031-03-14', status: 'bounced', quota_returned: true },
      { id: '5', account_id: 'a', quota_day: null, status: 'sent', quota_returned: true },
    ];

    expect(accountDayDeltas(rows)).toEqual([
      { accountId: 'a', day: '2031-03-14', returned: 1, delivered: 1 },
      { accountId: 'a', day: '2031-03-15', returned: 1, delivered: 0 },
      { accountId: 'b', day: '2031-03-14', returned: 0, delivered: 1 },
    ]);
  });
});
