import { MessageName, type PayloadOf } from '@postroom/contracts';
import { ack, Broker, deadLetter, HEADER, OutboxRelay } from '@postroom/messaging';
import { OutboxStore, type Ledger } from '@postroom/ledger';
import {
  amqpUrl,
  createTestDatabase,
  deleteNamespace,
  publishRaw,
  tapQueue,
  testNamespace,
  waitFor,
  type TestDatabase,
} from '@postroom/testing';
import { execFileSync } from 'node:child_process';
import { connectLedger, silentLogger } from './helpers';

function closeConnectionFromBroker(broker: Broker): void {
  const internals = broker as unknown as {
    connection: { connection: { connection: { stream: { localPort: number } } } };
  };
  const localPort = internals.connection.connection.connection.stream.localPort;
  const pids = execFileSync('rabbitmqctl', ['-q', 'list_connections', 'pid', 'name'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(`:${localPort} -> `))
    .map((l) => l.split('\t')[0]);
  if (pids.length !== 1)
    throw new Error(`expected one connection from port ${localPort}, found ${pids.length}`);
  execFileSync('rabbitmqctl', ['-q', 'close_connection', pids[0], 'test: simulated broker restart']);
}

type Send = PayloadOf<'delivery.send'>;

describe(Broker.name, () => {
  const namespace = testNamespace();
  const consumers = ['t.valid', 't.faulty', 't.reconnect'];
  let sut: Broker;

  beforeAll(async () => {
    sut = new Broker(amqpUrl(), namespace, silentLogger);
    await sut.connect();
  });

  afterAll(async () => {
    await sut.close();
    await deleteNamespace(namespace, consumers);
  });

  it('dead-letters an invalid message with its reason and goes on with the next valid one', async () => {
    const handled: Send[] = [];
    await sut.consume({ message: MessageName.DeliverySend, name: 't.valid', prefetch: 1 }, async (p) => {
      handled.push(p);
      return ack;
    });
    const dlq = await tapQueue(namespace, `${namespace}.t.valid`, { deadLetters: true });

    await publishRaw(namespace, 'delivery.send', '{ this is not json');
    await publishRaw(namespace, 'delivery.send', JSON.stringify({ deliveryIds: 'not-an-array' }));
    await sut.publish('delivery.send', { deliveryIds: ['1', '2'] });

    await waitFor(() => handled.length === 1 && dlq.messages.length === 2, {
      message: 'valid handled, two dead-lettered',
    });
    expect(handled).toEqual([{ deliveryIds: ['1', '2'] }]);
    const reasons = dlq.messages.map((m) => String(m.headers[HEADER.reason]));
    expect(reasons[0]).toMatch(/^not JSON/);
    expect(reasons[1]).toMatch(/deliveryIds must be array/);
    expect(dlq.messages[0].headers[HEADER.queue]).toBe(`${namespace}.t.valid`);
    await dlq.close();
  });

  it('retries a failing handler after a delay and dead-letters it when the attempts are spent', async () => {
    const attempts: number[] = [];
    await sut.consume(
      {
        message: MessageName.DeliveryRejected,
        name: 't.faulty',
        prefetch: 2,
        maxAttempts: 3,
        retryDelayMs: 100,
      },
      async (_p, meta) => {
        attempts.push(meta.attempt);
        throw new Error('database is down');
      },
    );
    const dlq = await tapQueue(namespace, `${namespace}.t.faulty`, { deadLetters: true });
    const rejected: PayloadOf<'delivery.rejected'> = {
      deliveryId: '1',
      campaignId: 'c',
      account: 'a',
      email: 'x@example.com',
      smtpCode: 550,
      enhancedCode: '5.1.1',
      smtpReply: '550 5.1.1 no',
      at: new Date().toISOString(),
    };

    await sut.publish('delivery.rejected', rejected);

    await waitFor(() => dlq.messages.length === 1, { message: 'dead-lettered after 3 attempts' });
    expect(attempts).toEqual([1, 2, 3]);
    expect(String(dlq.messages[0].headers[HEADER.reason])).toBe('gave up after 3 attempts: database is down');
    await dlq.close();
  });

  it('consumes again after the connection drops, losing nothing', async () => {
    const seen = new Set<string>();
    await sut.consume({ message: MessageName.DeliverySend, name: 't.reconnect', prefetch: 5 }, async (p) => {
      p.deliveryIds.forEach((id) => seen.add(id));
      return ack;
    });
    await sut.publishMany(
      Array.from({ length: 20 }, (_, i) => ({
        routingKey: 'delivery.send',
        payload: { deliveryIds: [`a${i}`] },
      })),
    );
    await waitFor(() => seen.size >= 20, { message: 'first 20 consumed' });

    // the broker closes our connection, as a broker restart or an operator would
    closeConnectionFromBroker(sut);
    await waitFor(() => !sut.isConnected(), { message: 'disconnect noticed' });
    const later = sut.publishMany(
      Array.from({ length: 20 }, (_, i) => ({
        routingKey: 'delivery.send',
        payload: { deliveryIds: [`b${i}`] },
      })),
    );
    await waitFor(() => sut.isConnected(), { timeoutMs: 20_000, message: 'reconnected' });
    await later;

    await waitFor(() => seen.size >= 40, {
      timeoutMs: 20_000,
      message: () => `all 40 consumed, saw ${seen.size}`,
    });
  });
});

describe(OutboxRelay.name, () => {
  const namespace = testNamespace();
  let db: TestDatabase;
  let ledger: Ledger;
  let broker: Broker;

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
    broker = new Broker(amqpUrl(), namespace, silentLogger);
    await broker.connect();
  });

  afterAll(async () => {
    await broker.close();
    await ledger.close();
    await db.drop();
    await deleteNamespace(namespace, []);
  });

  it('publishes what the ledger committed, in order, and deletes a row only after the broker confirmed it', async () => {
    const tap = await tapQueue(namespace, 'bounce.received');
    const store = new OutboxStore(ledger);
    await ledger.tx((sql) =>
      store.add(
        sql,
        Array.from({ length: 1200 }, (_, i) => ({
          routingKey: 'bounce.received',
          payload: { rawBase64: String(i) },
        })),
      ),
    );
    await ledger
      .tx(async (sql) => {
        await store.add(sql, [{ routingKey: 'bounce.received', payload: { rawBase64: 'rolled back' } }]);
        throw deadLetter('rollback');
      })
      .catch(() => undefined);
    const sut = new OutboxRelay(store, broker, silentLogger);

    const published = await sut.drainOnce();

    expect(published).toBe(1200);
    await waitFor(() => tap.messages.length === 1200, { message: () => `tap saw ${tap.messages.length}` });
    expect(tap.messages.map((m) => (m.body as { rawBase64: string }).rawBase64)).toEqual(
      Array.from({ length: 1200 }, (_, i) => String(i)),
    );
    const left = await ledger.query<{ n: string }>(`select count(*) as n from outbox`);
    expect(Number(left.rows[0].n)).toBe(0);
    await tap.close();
  });
});
