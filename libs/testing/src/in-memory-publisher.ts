import type { OutgoingMessage, Publisher } from '@postroom/messaging';

/** A Publisher for unit tests: keeps what would have been published, in order. */
export class InMemoryPublisher implements Publisher {
  readonly published: OutgoingMessage[] = [];

  async publish(routingKey: string, payload: unknown, messageId?: string): Promise<void> {
    await this.publishMany([{ routingKey, payload, messageId }]);
  }

  async publishMany(messages: readonly OutgoingMessage[]): Promise<void> {
    this.published.push(...messages);
  }

  /** The payloads published under one routing key. */
  payloadsOf<T = unknown>(routingKey: string): T[] {
    return this.published.filter((m) => m.routingKey === routingKey).map((m) => m.payload as T);
  }
}
