import { retrying } from '@postroom/backoff';
import type { Metrics } from '@postroom/metrics';
import type { Clock } from '@postroom/runtime';
import type { Logger } from 'pino';
import type { OutcomeWrite, OutcomeWriter } from './outcome-writer';

/** An outcome, and for a bounce what the bounce service needs (published through the outbox). */
export type RecordRequest = OutcomeWrite;

const WRITE_ATTEMPTS = 12;

/** An outcome waiting for its statement; its caller's promise settles with it. */
export interface Pending extends RecordRequest {
  resolve(): void;
  reject(err: Error): void;
}

/**
 * Collects outcomes from many concurrent sends and settles them in one statement per batch
 * (`maxBatch` outcomes pending, or `flushMs` after the first): the ledger write stays off the
 * per-email path. One write is in flight at a time; the next batch gathers meanwhile.
 * A caller's promise resolves only after its outcome committed, so acks follow commits.
 */
export class OutcomeRecorder {
  private pending: Pending[] = [];
  private timer?: NodeJS.Timeout;
  private flushing = Promise.resolve();

  constructor(
    private readonly writer: OutcomeWriter,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly flushMs: number,
    private readonly maxBatch = 500,
  ) {}

  record(request: RecordRequest): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ ...request, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.flushMs);
    });
  }

  /** Writes everything pending now. */
  async flush(): Promise<void> {
    const batch = this.takePending();
    if (batch.length === 0) return this.flushing;
    this.flushing = this.flushing.then(() => this.write(batch));
    return this.flushing;
  }

  /**
   * Hands over everything pending to a statement of someone else's (a send claim carries the
   * outcomes pending when it goes); `settled` or `giveBack` must follow with the same batch.
   */
  takePending(): Pending[] {
    const batch = this.pending;
    this.pending = [];
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return batch;
  }

  /** A batch from `takePending` committed: counts what changed and lets its callers ack. */
  settled(batch: readonly Pending[], changed: ReadonlySet<string>): void {
    for (const p of batch) {
      if (changed.has(p.outcome.id)) this.metrics.deliveries.inc({ status: p.outcome.status });
      p.resolve();
    }
  }

  /** A batch from `takePending` did not commit: written again here, with the retries of a flush. */
  giveBack(batch: readonly Pending[]): void {
    if (batch.length === 0) return;
    this.pending = [...batch, ...this.pending];
    this.flushSoon(0);
  }

  private flushSoon(delay: number): void {
    if (this.timer && delay > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), delay);
  }

  private async write(batch: Pending[]): Promise<void> {
    // the emails already left: keep trying for a while rather than lose what the server said
    try {
      await retrying(() => this.writeOnce(batch), {
        attempts: WRITE_ATTEMPTS,
        backoff: { baseMs: 200, maxMs: 5000 },
        onRetry: (err, attempt) =>
          this.logger.warn({ err: (err as Error).message, attempt }, 'recording outcomes failed; retrying'),
      });
    } catch (err) {
      this.logger.error(
        { err: (err as Error).message, size: batch.length },
        'recording outcomes failed; giving up',
      );
      for (const p of batch) p.reject(err as Error);
    }
  }

  private async writeOnce(batch: Pending[]): Promise<void> {
    this.metrics.hotStatements.inc({ kind: 'send-settle' });
    this.settled(batch, await this.writer.write(batch, this.clock.now()));
  }
}
