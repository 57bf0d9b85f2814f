import { Inject, Injectable } from '@nestjs/common';
import {
  AccountStore,
  DeliveryStore,
  QuotaDayStore,
  SenderLeaseStore,
  type AccountRow,
  type ClaimedDelivery,
  type Ledger,
} from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';

/**
 * The narrow port the dispatcher and its sweeper need from the ledger (STYLE.md §6): what waits,
 * what is in flight, claims within the day's limit, and what a crash left behind.
 */
@Injectable()
export class DispatchQueue {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly accounts: AccountStore,
    private readonly days: QuotaDayStore,
    private readonly deliveries: DeliveryStore,
    private readonly leases: SenderLeaseStore,
  ) {}

  /** Active accounts that have waiting work. */
  accountsWithWork(): Promise<string[]> {
    return this.accounts.withWork(this.ledger);
  }

  /** Deliveries in the senders' hands (dispatched or sending). */
  inFlight(): Promise<number> {
    return this.deliveries.inFlight(this.ledger);
  }

  /** One statement on the pool, no transaction around it: it locks the account day itself. */
  claim(accountId: string, batch: number, now: Date): Promise<ClaimedDelivery[]> {
    return this.days.claim(this.ledger, accountId, batch, now);
  }

  /** When due work waits that today's limit cannot take: marks it deferred; returns how many. */
  async deferWaiting(account: AccountRow, today: string, now: Date): Promise<number> {
    if (!(await this.days.hasDueQueued(this.ledger, account.id, now))) return 0;
    return this.ledger.tx((sql) => this.days.deferRest(sql, account, today, 0, now));
  }

  staleDispatched(olderThanMs: number, batch: number, now: Date): Promise<ClaimedDelivery[]> {
    return this.ledger.tx((sql) => this.deliveries.touchStaleDispatched(sql, olderThanMs, batch, now));
  }

  markStaleSendingUnknown(olderThanMs: number, now: Date): Promise<number> {
    return this.deliveries.markStaleSendingUnknown(this.ledger, olderThanMs, now);
  }

  /** `sending` deliveries of senders whose lease lapsed become `unknown`; returns how many. */
  settleLapsedLeases(now: Date): Promise<number> {
    return this.leases.settleLapsed(this.ledger, now);
  }
}
