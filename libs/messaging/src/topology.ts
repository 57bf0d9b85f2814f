import type { MessageName } from '@postroom/contracts';

/**
 * Names of everything declared on the broker. One topic exchange carries the pipeline; each
 * consumer has its own durable queue, a delay queue for retries and a dead-letter queue.
 */
export class Topology {
  constructor(readonly namespace: string) {}

  get exchange(): string {
    return this.namespace;
  }

  get deadLetterExchange(): string {
    return `${this.namespace}.dlx`;
  }

  queue(consumer: string): string {
    return `${this.namespace}.${consumer}`;
  }

  retryQueue(consumer: string): string {
    return `${this.queue(consumer)}.retry`;
  }

  deadLetterQueue(consumer: string): string {
    return `${this.queue(consumer)}.dlq`;
  }
}

export interface ConsumerSpec<N extends MessageName> {
  /** The message this consumer takes; also its binding key. */
  readonly message: N;
  /** Short, stable consumer name, e.g. `scheduler.campaign-submit`. */
  readonly name: string;
  readonly prefetch: number;
  /** Attempts before a failing message is dead-lettered. */
  readonly maxAttempts?: number;
  /** Delay before a failed attempt is retried. */
  readonly retryDelayMs?: number;
}
