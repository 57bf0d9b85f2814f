import { TrackingStore, type Ledger, type TrackingEventInput } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import type { Logger } from 'pino';

export interface BufferSettings {
  readonly flushMs: number;
  readonly flushMax: number;
  readonly capacity: number;
  readonly machineWindowS: number;
}

/**
 * The tracker answers first and records later: events wait here and are written in batches
 * (every `flushMs` or `flushMax` events, one statement each). When Postgres is unreachable the
 * buffer holds up to `capacity` events, drops the oldest beyond that (counted in a metric), and
 * catches up when the ledger answers again.
 */
export class TrackingBuffer {
  private readonly store = new TrackingStore();
  private events: TrackingEventInput[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly ledger: Ledger,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly settings: BufferSettings,
  ) {}

  push(event: TrackingEventInput): void {
    this.events.push(event);
    if (this.events.length > this.settings.capacity) {
      const dropped = this.events.length - this.settings.capacity;
      this.events.splice(0, dropped);
      this.metrics.trackingDropped.inc(dropped);
    }
    this.metrics.trackingBuffered.set(this.events.length);
    if (this.events.length >= this.settings.flushMax) this.schedule(0);
    else this.schedule(this.settings.flushMs);
  }

  get size(): number {
    return this.events.length;
  }

  /**
   * Writes everything buffered now. Flushes run one after another, never side by side: two
   * writers would take the same head of the buffer, writing it twice and losing what follows.
   */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.drain());
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.events.length > 0) {
      await this.writeBatch();
      if (this.failures > 0) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.flush().catch(() => undefined);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush().finally(() => {
        if (this.events.length > 0) this.schedule(this.backoff());
      });
    }, delay);
  }

  private backoff(): number {
    return this.failures === 0 ? 0 : Math.min(5000, this.settings.flushMs * 2 ** Math.min(this.failures, 6));
  }

  private async writeBatch(): Promise<void> {
    const batch = this.events.slice(0, this.settings.flushMax);
    try {
      await this.store.record(this.ledger, batch, this.settings.machineWindowS);
      this.events.splice(0, batch.length);
      this.failures = 0;
    } catch (err) {
      this.failures++;
      if (this.failures === 1 || this.failures % 50 === 0) {
        this.logger.warn(
          { err: (err as Error).message, buffered: this.events.length },
          'tracking events not written yet; holding them',
        );
      }
    } finally {
      this.metrics.trackingBuffered.set(this.events.length);
    }
  }
}
