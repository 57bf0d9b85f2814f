import amqplib from 'amqplib';
import { randomBytes } from 'node:crypto';

export const amqpUrl = (): string => process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A namespace of its own for one test file: exchanges and queues nobody else uses. */
export function testNamespace(): string {
  return `postroom-test-${randomBytes(4).toString('hex')}`;
}

/** Deletes every queue and exchange of the namespace (queues are named after their consumers). */
export async function deleteNamespace(namespace: string, consumers: readonly string[]): Promise<void> {
  const conn = await amqplib.connect(amqpUrl());
  try {
    const ch = await conn.createChannel();
    for (const c of consumers) {
      for (const suffix of ['', '.retry', '.dlq']) await ch.deleteQueue(`${namespace}.${c}${suffix}`);
    }
    for (const q of extraQueues.get(namespace) ?? []) await ch.deleteQueue(q);
    await ch.deleteExchange(namespace);
    await ch.deleteExchange(`${namespace}.dlx`);
    await ch.close();
  } finally {
    await conn.close();
  }
}

const extraQueues = new Map<string, string[]>();

/**
 * A test's own queue bound to the namespace's exchange (or its dead-letter exchange), to see
 * what the services publish. Returns a reader that collects messages.
 */
export async function tapQueue(namespace: string, bindingKey: string, opts: { deadLetters?: boolean } = {}) {
  const conn = await amqplib.connect(amqpUrl());
  const ch = await conn.createChannel();
  const exchange = opts.deadLetters ? `${namespace}.dlx` : namespace;
  await ch.assertExchange(exchange, 'topic', { durable: true });
  const q = await ch.assertQueue(`${namespace}.tap.${randomBytes(3).toString('hex')}`, {
    durable: false,
    autoDelete: true,
  });
  extraQueues.set(namespace, [...(extraQueues.get(namespace) ?? []), q.queue]);
  await ch.bindQueue(q.queue, exchange, bindingKey);
  const messages: { body: unknown; headers: Record<string, unknown>; routingKey: string }[] = [];
  await ch.consume(
    q.queue,
    (msg) => {
      if (!msg) return;
      let body: unknown;
      try {
        body = JSON.parse(msg.content.toString('utf8'));
      } catch {
        body = msg.content.toString('utf8');
      }
      messages.push({
        body,
        headers: (msg.properties.headers ?? {}) as Record<string, unknown>,
        routingKey: msg.fields.routingKey,
      });
    },
    { noAck: true },
  );
  return {
    messages,
    close: async () => {
      await ch.close().catch(() => undefined);
      await conn.close().catch(() => undefined);
    },
  };
}

/** Publishes raw bytes like an upstream system would: to the topic exchange, persistent, confirmed. */
export async function publishRaw(
  namespace: string,
  routingKey: string,
  body: Buffer | string,
): Promise<void> {
  const conn = await amqplib.connect(amqpUrl());
  try {
    const ch = await conn.createConfirmChannel();
    await ch.assertExchange(namespace, 'topic', { durable: true });
    ch.publish(namespace, routingKey, Buffer.isBuffer(body) ? body : Buffer.from(body), {
      persistent: true,
      contentType: 'application/json',
    });
    await ch.waitForConfirms();
    await ch.close();
  } finally {
    await conn.close();
  }
}
