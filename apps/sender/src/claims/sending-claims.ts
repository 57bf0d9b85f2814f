import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, senderEnv } from '@postroom/config';
import type { SendingDelivery } from '@postroom/ledger';
import type { Metrics } from '@postroom/metrics';
import { CLOCK, CONFIG, METRICS, type Clock } from '@postroom/runtime';
import { SenderLease } from '../lease/sender-lease.service';
import { OutcomeRecorder } from '../outcome/outcome-recorder';
import { OutcomeWriter } from '../outcome/outcome-writer';

export interface Claimed {
  /** The deliveries this call now owns (`sending` under this sender's lease), in id order. */
  readonly owned: SendingDelivery[];
  /** Blacklist reasons of owned deliveries whose recipient is blacklisted. */
  readonly blacklisted: Map<string, string>;
}

interface Waiting {
  readonly ids: readonly string[];
  resolve(claimed: Claimed): void;
  reject(err: unknown): void;
}

/** How many ids one claim statement gathers, and how long the first asker waits for them. */
export type ClaimGathering = Pick<ConfigOf<typeof senderEnv>, 'CLAIM_BATCH' | 'CLAIM_WAIT_MS'>;

/**
 * Takes ownership of deliveries for many broker messages at once (issue 15: fewer ledger round
 * trips). One claim statement is in flight at a time, and it gathers the requests of every
 * consumer of this process: it goes as soon as CLAIM_BATCH ids wait, or CLAIM_WAIT_MS after the
 * first asked, whichever comes first (a group commit). Each claim is one statement (hold
 * blocked accounts, start the rest under the lease, re-check the blacklist), never a transaction
 * per broker message, and it carries the send outcomes pending at that moment
 * (`DeliveryStore.claimAndSettle`): at full speed one statement per claim settles the last
 * sends and starts the next, instead of one for each.
 */
@Injectable()
export class SendingClaims {
  private queue: Waiting[] = [];
  private waitingIds = 0;
  private running = false;
  private timer?: NodeJS.Timeout;
  /** Statements issued, deliveries asked for, and outcomes they carried. */
  readonly stats = { statements: 0, ids: 0, carried: 0 };

  constructor(
    private readonly writer: OutcomeWriter,
    private readonly recorder: OutcomeRecorder,
    private readonly lease: SenderLease,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly gathering: ClaimGathering,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {}

  start(ids: readonly string[]): Promise<Claimed> {
    if (ids.length === 0) return Promise.resolve({ owned: [], blacklisted: new Map() });
    return new Promise<Claimed>((resolve, reject) => {
      this.queue.push({ ids, resolve, reject });
      this.waitingIds += ids.length;
      this.schedule();
    });
  }

  /** Claims now when enough ids wait (after this turn of the event loop), else after CLAIM_WAIT_MS. */
  private schedule(): void {
    if (this.running || this.queue.length === 0) return;
    if (this.waitingIds >= this.gathering.CLAIM_BATCH) {
      this.running = true;
      clearTimeout(this.timer);
      this.timer = undefined;
      setImmediate(() => void this.drain());
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.running || this.queue.length === 0) return;
        this.running = true;
        void this.drain();
      }, this.gathering.CLAIM_WAIT_MS);
    }
  }

  private async drain(): Promise<void> {
    try {
      const batch = this.queue;
      this.queue = [];
      this.waitingIds = 0;
      await this.claim(batch);
    } finally {
      this.running = false;
      // the requests that came during the statement: at once if they are enough, else after the wait
      this.schedule();
    }
  }

  private async claim(batch: readonly Waiting[]): Promise<void> {
    const ids = batch.flatMap((w) => w.ids);
    const carried = this.recorder.takePending();
    let started;
    try {
      this.stats.statements++;
      this.stats.ids += ids.length;
      this.stats.carried += carried.length;
      this.metrics.hotStatements.inc({ kind: 'send-claim' });
      const result = await this.writer.claimAndSettle(ids, this.lease.id, carried, this.clock.now());
      this.recorder.settled(carried, result.settled);
      started = result.started;
    } catch (err) {
      // the claim is the broker message's to retry (not acked); the outcomes go back to the recorder
      this.recorder.giveBack(carried);
      for (const w of batch) w.reject(err);
      return;
    }
    const byId = new Map(started.map((r) => [r.id, r]));
    for (const w of batch) {
      const owned: SendingDelivery[] = [];
      const blacklisted = new Map<string, string>();
      for (const id of w.ids) {
        const row = byId.get(id);
        if (!row) continue;
        byId.delete(id); // an id asked twice (a duplicated message) is owned once
        const { blacklist_reason: reason, ...delivery } = row;
        owned.push(delivery);
        if (reason !== null) blacklisted.set(id, reason);
      }
      w.resolve({ owned, blacklisted });
    }
  }
}
