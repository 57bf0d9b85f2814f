import { MessageName } from '@postroom/contracts';
import type { DeliveryOutcome, DeliveryStore, Ledger, RejectedNotice, Sql } from '@postroom/ledger';
import { OutcomeWriter, rejectedNotices, type OutcomeWrite } from './outcome-writer';

/** The one clock of these tests: a fixed instant, whatever day they run on. */
const NOW = new Date('2031-03-14T09:00:00Z');

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
const sent = (id: string): OutcomeWrite => ({
  outcome: { id, status: 'sent', smtpReply: '250 ok', messageId: `<${id}@m>` },
});

describe(OutcomeWriter.name, () => {
  it('settles the whole batch in one call on the pool, never in a transaction of its own', async () => {
    const calls: { sql: Sql; outcomes: readonly DeliveryOutcome[]; rejected: readonly RejectedNotice[] }[] =
      [];
    const ledger = {
      tx: () => {
        throw new Error('no transaction on the hot path');
      },
    } as unknown as Ledger;
    const deliveries = {
      settleSends: async (
        sql: Sql,
        outcomes: readonly DeliveryOutcome[],
        rejected: readonly RejectedNotice[],
      ) => {
        calls.push({ sql, outcomes, rejected });
        return new Set(['1']);
      },
    } as unknown as DeliveryStore;
    const sut = new OutcomeWriter(ledger, deliveries);

    const changed = await sut.write([bounce('1', 'a@x.example'), sent('2')], NOW);

    expect([...changed]).toEqual(['1']);
    expect(calls).toHaveLength(1);
    expect(calls[0].sql).toBe(ledger);
    expect(calls[0].outcomes.map((o) => o.id)).toEqual(['1', '2']);
    expect(calls[0].rejected.map((r) => r.deliveryId)).toEqual(['1']);
  });
});

describe(rejectedNotices.name, () => {
  it('makes one delivery.rejected per bounce, with what the bounce service needs', () => {
    const notices = rejectedNotices([sent('1'), bounce('2', 'b@x.example'), bounce('3', 'c@x.example')]);

    expect(notices).toEqual([
      {
        deliveryId: '2',
        routingKey: MessageName.DeliveryRejected,
        payload: expect.objectContaining({ deliveryId: '2', email: 'b@x.example', smtpCode: 550 }),
      },
      {
        deliveryId: '3',
        routingKey: MessageName.DeliveryRejected,
        payload: expect.objectContaining({ deliveryId: '3', email: 'c@x.example' }),
      },
    ]);
  });

  it('publishes nothing for a batch without bounces', () => {
    expect(rejectedNotices([sent('1'), sent('2')])).toEqual([]);
  });
});
