import { backoffDelay } from '@postroom/backoff';
import type { Sql, TrackingEventInput, TrackingStore } from '@postroom/ledger';
import type { Logger } from 'pino';

/** Where the buffer reports its state (the recorder thread passes it on to the metrics). */
export interface BufferObserver {
  /** Events dropped because the buffer was full. */
  dropped(count: number): void;
  /** Events waiting now. */
  buffered(count: number): void;
}

export interface BufferSettings {
  readonly flushMs: number;
  readonly flushMax: number;
  readonly capacity: number;
  readonly machineWindowS: number;
  /** Clicks this soon after the send are machine-made (default: machineWindowS). */
  readonly machineClickWindowS?: number;
}

/**
 * The tracker answers first and records later: events wait here and are written in batches
 * (every `flushMs` or `flushMax` events, one statement each). When Postgres is unreachable the
 * buffer holds up to `capacity` events, drops the oldest beyond that (counted in a metric), and
 * catches up when the ledger answers again.
 */
export class TrackingBuffer {
  private events: TrackingEventInput[] = [];
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;
  private timerDelay = 0;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly ledger: Sql,
    private readonly store: TrackingStore,
    private readonly observer: BufferObserver,
    private readonly logger: Logger,
    private readonly settings: BufferSettings,
  ) {}

  push(event: TrackingEventInput): void {
    this.events.push(event);
    if (this.events.length > this.settings.capacity) {
      const dropped = this.events.length - this.settings.capacity;
      this.events.splice(0, dropped);
      this.observer.dropped(dropped);
    }
    // the gauge follows at each write (at least every flushMs), not at every request
    if (this.events.length >= this.settings.flushMax) this.schedule(0);
    else this.schedule(this.settings.flushMs);
  }

  get size(): number {
    return this.events.length;
  }

  /** Writes everything buffered now, batch after batch (joins a write in progress). */
  async flush(): Promise<void> {
    while (this.events.length > 0) {
      await this.write(true);
      if (this.failures > 0) return;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.flush().catch(() => undefined);
  }

  /**
   * One writer at a time: a write asked for while one runs joins it. Two writers would slice the
   * same events, write them twice, splice others away unwritten, and deadlock each other on the
   * deliveries they both update.
   */
  private write(all: boolean): Promise<void> {
    this.writing ??= this.writeBatches(all).finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  /**
   * One batch, then more back to back while a full batch waits (`all`: until none is left). A
   * partial batch is left to the timer: fewer, larger statements cost Postgres less per event.
   */
  private async writeBatches(all: boolean): Promise<void> {
    do {
      await this.writeBatch();
    } while (this.failures === 0 && this.events.length >= (all ? 1 : this.settings.flushMax));
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    // a pending timer that fires as soon or sooner stands (no timer churn per request)
    if (this.timer && (delay >= this.timerDelay || this.failures > 0)) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDelay = delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.write(false).finally(() => {
        if (this.events.length === 0) return;
        if (this.failures > 0) this.schedule(this.backoff());
        else this.schedule(this.events.length >= this.settings.flushMax ? 0 : this.settings.flushMs);
      });
    }, delay);
  }

  private backoff(): number {
    return backoffDelay(this.failures, { baseMs: 2 * this.settings.flushMs, maxMs: 5000 });
  }

  private async writeBatch(): Promise<void> {
    this.observer.buffered(this.events.length);
    const batch = this.events.slice(0, this.settings.flushMax);
    try {
      await this.store.record(
        this.ledger,
        batch,
        this.settings.machineWindowS,
        this.settings.machineClickWindowS ?? this.settings.machineWindowS,
      );
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
      this.observer.buffered(this.events.length);
    }
  }
}
