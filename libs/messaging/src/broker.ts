import { retrying } from '@postroom/backoff';
import type { MessageName, PayloadOf } from '@postroom/contracts';
import type { Channel, ConfirmChannel, ConsumeMessage } from 'amqplib';
import amqp, { type AmqpConnectionManager, type ChannelWrapper } from 'amqp-connection-manager';
import type { Logger } from 'pino';
import { HEADER, type HandleResult, type MessageMeta } from './handle-result';
import { MessageValidator } from './message-validator';
import { Topology, type ConsumerSpec } from './topology';
import type { Publisher } from './publisher';

export type Handler<N extends MessageName> = (
  payload: PayloadOf<N>,
  meta: MessageMeta,
) => Promise<HandleResult>;

export interface OutgoingMessage {
  readonly routingKey: string;
  readonly payload: unknown;
  readonly messageId?: string;
}

const DELIVERY_LIMIT = 20;
const PUBLISH_ATTEMPTS = 5;

/**
 * The one connection of a service to RabbitMQ. Reconnects by itself (the topology and every
 * consumer are set up again on each connection); publishes with confirms; consumers ack only
 * after their handler, which commits to the ledger first, has resolved.
 */
export class Broker implements Publisher {
  readonly topology: Topology;
  private readonly validator = new MessageValidator();
  private connection?: AmqpConnectionManager;
  private publisher?: ChannelWrapper;
  private readonly consumers: ChannelWrapper[] = [];
  private closing = false;
  /** Told about every message a consumer dead-letters (metrics hook). */
  onDeadLetter?: (consumer: string, reason: string) => void;

  constructor(
    private readonly url: string,
    namespace: string,
    private readonly logger: Logger,
  ) {
    this.topology = new Topology(namespace);
  }

  async connect(timeoutMs = 10_000): Promise<void> {
    this.connection = amqp.connect([this.url], { heartbeatIntervalInSeconds: 10, reconnectTimeInSeconds: 1 });
    this.connection.on('connect', () => this.logger.info('broker connected'));
    this.connection.on('disconnect', ({ err }) => {
      if (!this.closing) this.logger.warn({ err: err?.message }, 'broker disconnected; reconnecting');
    });
    this.publisher = this.connection.createChannel({
      confirm: true,
      json: false,
      setup: (ch: ConfirmChannel) => this.declareExchanges(ch),
    });
    await withTimeout(
      this.publisher.waitForConnect(),
      timeoutMs,
      `RabbitMQ did not answer at ${redact(this.url)}`,
    );
  }

  isConnected(): boolean {
    return this.connection?.isConnected() ?? false;
  }

  /** Publishes one message to the pipeline exchange; resolves when the broker confirmed it. */
  async publish(routingKey: string, payload: unknown, messageId?: string): Promise<void> {
    await this.publishMany([{ routingKey, payload, messageId }]);
  }

  /** Publishes a window of messages and awaits all their confirms together, not one by one. */
  async publishMany(messages: readonly OutgoingMessage[]): Promise<void> {
    const publisher = this.requirePublisher();
    let pending = messages.map((m) => ({ m, content: Buffer.from(JSON.stringify(m.payload)) }));
    await retrying(
      async (attempt) => {
        if (attempt > 1) await publisher.waitForConnect();
        const results = await Promise.allSettled(
          pending.map(({ m, content }) =>
            publisher.publish(this.topology.exchange, m.routingKey, content, {
              persistent: true,
              contentType: 'application/json',
              messageId: m.messageId,
            }),
          ),
        );
        const failed = pending.filter((_, i) => results[i].status === 'rejected');
        if (failed.length === 0) return;
        // a channel that closed under the publish loses its confirms: send only those again once
        // reconnected (a duplicate is harmless, every consumer is idempotent)
        pending = failed;
        throw (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as Error;
      },
      {
        attempts: PUBLISH_ATTEMPTS,
        backoff: { baseMs: 50, maxMs: 2000 },
        retryIf: () => !this.closing,
        onRetry: (err, attempt) =>
          this.logger.warn(
            { err: errorText(err), count: pending.length, attempt },
            'publish not confirmed; retrying',
          ),
      },
    );
  }

  /** Declares the consumer's queues and starts consuming; set up again after every reconnect. */
  async consume<N extends MessageName>(spec: ConsumerSpec<N>, handler: Handler<N>): Promise<void> {
    if (!this.connection) throw new Error('broker not connected');
    const wrapper = this.connection.createChannel({
      confirm: true,
      json: false,
      setup: async (ch: ConfirmChannel) => {
        await this.declareExchanges(ch);
        await this.declareConsumerQueues(ch, spec);
        await ch.prefetch(spec.prefetch);
        await ch.consume(this.topology.queue(spec.name), (msg) => {
          if (msg) void this.onMessage(ch, spec, handler, msg);
        });
      },
    });
    this.consumers.push(wrapper);
    await wrapper.waitForConnect();
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const c of this.consumers) await c.close().catch(() => undefined);
    await this.publisher?.close().catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }

  private async onMessage<N extends MessageName>(
    ch: ConfirmChannel,
    spec: ConsumerSpec<N>,
    handler: Handler<N>,
    msg: ConsumeMessage,
  ): Promise<void> {
    const attempt = Number(msg.properties.headers?.[HEADER.attempt] ?? 1);
    const decoded = this.validator.decode(spec.message, msg.content);
    let result: HandleResult;
    if (!decoded.ok) {
      result = { kind: 'dead-letter', reason: decoded.reason };
    } else {
      try {
        result = await handler(decoded.payload, {
          attempt,
          redelivered: msg.fields.redelivered,
          messageId: msg.properties.messageId as string | undefined,
        });
      } catch (err) {
        result = { kind: 'retry', reason: errorText(err) };
        this.logger.error({ err: errorText(err), consumer: spec.name, attempt }, 'handler failed');
      }
    }
    try {
      await this.settle(ch, spec, msg, attempt, result);
    } catch (err) {
      // the channel died under us: the broker redelivers the message, and the ledger's guarded
      // updates make the second handling a no-op
      this.logger.warn(
        { err: errorText(err), consumer: spec.name },
        'could not settle message; it will be redelivered',
      );
    }
  }

  private async settle(
    ch: ConfirmChannel,
    spec: ConsumerSpec<MessageName>,
    msg: ConsumeMessage,
    attempt: number,
    result: HandleResult,
  ): Promise<void> {
    if (result.kind === 'ack') {
      ch.ack(msg);
      return;
    }
    const maxAttempts = spec.maxAttempts ?? 5;
    const toDeadLetter = result.kind === 'dead-letter' || attempt >= maxAttempts;
    const reason =
      result.kind === 'retry' && toDeadLetter
        ? `gave up after ${attempt} attempts: ${result.reason}`
        : result.reason;
    const headers = { ...(msg.properties.headers ?? {}), [HEADER.attempt]: attempt + 1 };
    const options = {
      persistent: true,
      contentType: msg.properties.contentType as string | undefined,
      messageId: msg.properties.messageId as string | undefined,
    };
    if (toDeadLetter) {
      this.logger.warn({ consumer: spec.name, reason }, 'message dead-lettered');
      this.onDeadLetter?.(spec.name, reason);
      const dlHeaders = {
        ...headers,
        [HEADER.reason]: reason.slice(0, 2000),
        [HEADER.queue]: this.topology.queue(spec.name),
        [HEADER.failedAt]: new Date().toISOString(),
      };
      await publishConfirmed(
        ch,
        this.topology.deadLetterExchange,
        this.topology.queue(spec.name),
        msg.content,
        {
          ...options,
          headers: dlHeaders,
        },
      );
    } else {
      await publishConfirmed(ch, '', this.topology.retryQueue(spec.name), msg.content, {
        ...options,
        headers,
      });
    }
    ch.ack(msg);
  }

  private async declareExchanges(ch: Channel): Promise<void> {
    await ch.assertExchange(this.topology.exchange, 'topic', { durable: true });
    await ch.assertExchange(this.topology.deadLetterExchange, 'topic', { durable: true });
  }

  private async declareConsumerQueues(ch: Channel, spec: ConsumerSpec<MessageName>): Promise<void> {
    const queue = this.topology.queue(spec.name);
    await ch.assertQueue(queue, {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        // a message that kills its consumer again and again is dead-lettered, not looped forever
        'x-delivery-limit': DELIVERY_LIMIT,
        'x-dead-letter-exchange': this.topology.deadLetterExchange,
        'x-dead-letter-routing-key': queue,
      },
    });
    await ch.bindQueue(queue, this.topology.exchange, spec.message);
    await ch.assertQueue(this.topology.retryQueue(spec.name), {
      durable: true,
      arguments: {
        'x-message-ttl': spec.retryDelayMs ?? 5000,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
      },
    });
    const dlq = this.topology.deadLetterQueue(spec.name);
    await ch.assertQueue(dlq, { durable: true });
    await ch.bindQueue(dlq, this.topology.deadLetterExchange, queue);
  }

  private requirePublisher(): ChannelWrapper {
    if (!this.publisher) throw new Error('broker not connected');
    return this.publisher;
  }
}

function publishConfirmed(
  ch: ConfirmChannel,
  exchange: string,
  routingKey: string,
  content: Buffer,
  options: Parameters<ConfirmChannel['publish']>[3],
): Promise<void> {
  return new Promise((resolve, reject) => {
    ch.publish(exchange, routingKey, content, options, (err) => (err ? reject(err) : resolve()));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(message)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
