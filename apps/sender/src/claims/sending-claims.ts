import { Inject, Injectable } from '@nestjs/common';
import { DeliveryStore, type Ledger, type SendingDelivery } from '@postroom/ledger';
import { CLOCK, LEDGER, type Clock } from '@postroom/runtime';
import { SenderLease } from '../lease/sender-lease.service';

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

/**
 * Takes ownership of deliveries for many broker messages at once (issue 15: fewer ledger round
 * trips). One claim statement is in flight at a time; the requests that arrive meanwhile, from
 * every consumer of this process, wait and go together in the next one: a group commit. The
 * first waits for the end of the event loop's turn only (setImmediate), so that the consumers
 * one outcome flush woke all ask in one statement; no timer. Each claim is one statement
 * (`DeliveryStore.claimForSending`: hold blocked accounts, start the rest under the lease,
 * re-check the blacklist), never a transaction per broker message.
 */
@Injectable()
export class SendingClaims {
  private queue: Waiting[] = [];
  private running = false;
  /** Statements issued and deliveries asked for: what the statement ratio is measured from. */
  readonly stats = { statements: 0, ids: 0 };

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly deliveries: DeliveryStore,
    private readonly lease: SenderLease,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  start(ids: readonly string[]): Promise<Claimed> {
    if (ids.length === 0) return Promise.resolve({ owned: [], blacklisted: new Map() });
    return new Promise<Claimed>((resolve, reject) => {
      this.queue.push({ ids, resolve, reject });
      if (this.running) return;
      this.running = true;
      // after the current turn: consumers woken by one outcome flush all ask in the same turn
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        await this.claim(batch);
      }
    } finally {
      this.running = false;
    }
  }

  private async claim(batch: readonly Waiting[]): Promise<void> {
    const ids = batch.flatMap((w) => w.ids);
    let rows;
    try {
      this.stats.statements++;
      this.stats.ids += ids.length;
      rows = await this.deliveries.claimForSending(this.ledger, ids, this.lease.id, this.clock.now());
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    const byId = new Map(rows.map((r) => [r.id, r]));
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
