import type { Logger } from 'pino';
import type { Broker, OutgoingMessage } from './broker';

/** The narrow port the relay needs from the ledger (implemented in libs/ledger). */
export interface OutboxPort {
  /** In one transaction: lock up to `limit` unpublished rows, let `publish` run, delete them on success. */
  drain(limit: number, publish: (messages: OutgoingMessage[]) => Promise<void>): Promise<number>;
}

/**
 * Publishes what the ledger committed to the outbox. A row is deleted only after the broker
 * confirmed it, so a crash between commit and publish loses nothing (at worst it is published
 * twice, and every consumer is idempotent).
 */
export class OutboxRelay {
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;

  constructor(
    private readonly outbox: OutboxPort,
    private readonly broker: Broker,
    private readonly logger: Logger,
    private readonly intervalMs = 200,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 10));
  }

  /** Publishes everything waiting now; returns how many were published. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.outbox.drain(500, (messages) => this.broker.publishMany(messages));
      total += n;
      if (n < 500) return total;
    }
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delay);
  }

  private async tick(): Promise<void> {
    this.running = true;
    try {
      await this.drainOnce();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'outbox relay: publish failed; will retry');
    } finally {
      this.running = false;
      this.schedule(this.intervalMs);
    }
  }
}
