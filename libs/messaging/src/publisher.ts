import type { OutgoingMessage } from './broker';

/**
 * What services need from the broker to publish: the Broker implements it (with confirms), and
 * libs/testing's InMemoryPublisher records what would have gone out.
 */
export interface Publisher {
  publish(routingKey: string, payload: unknown, messageId?: string): Promise<void>;
  publishMany(messages: readonly OutgoingMessage[]): Promise<void>;
}
