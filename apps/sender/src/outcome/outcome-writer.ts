import { Inject, Injectable } from '@nestjs/common';
import { MessageName, type DeliveryRejected } from '@postroom/contracts';
import {
  DeliveryStore,
  type ClaimedForSending,
  type DeliveryOutcome,
  type Ledger,
  type RejectedNotice,
} from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';

/** One outcome to write, with what the bounce service needs when it is a bounce. */
export interface OutcomeWrite {
  readonly outcome: DeliveryOutcome;
  readonly rejected?: Omit<DeliveryRejected, 'at'>;
}

/**
 * Writes a batch of send outcomes as one statement outside any transaction
 * (`DeliveryStore.settleSends`): the deliveries' guarded status changes, the quota given back
 * and delivered on their account days, and `delivery.rejected` for the bounces whose row changed,
 * to the outbox. Hard bounces are counted by the bounce service, which classifies each refusal (a
 * 5xx for our reputation is an account error, not the recipient's hard bounce). Returns the ids
 * of the deliveries that changed.
 */
@Injectable()
export class OutcomeWriter {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly deliveries: DeliveryStore,
  ) {}

  write(batch: readonly OutcomeWrite[], now: Date): Promise<Set<string>> {
    return this.deliveries.settleSends(
      this.ledger,
      batch.map((p) => p.outcome),
      rejectedNotices(batch),
      now,
    );
  }

  /**
   * A claim under `leaseId` that carries `batch`, the outcomes pending when it goes: one
   * statement for both (`DeliveryStore.claimAndSettle`).
   */
  claimAndSettle(
    ids: readonly string[],
    leaseId: string,
    batch: readonly OutcomeWrite[],
    now: Date,
  ): Promise<{ started: ClaimedForSending[]; settled: Set<string> }> {
    return this.deliveries.claimAndSettle(
      this.ledger,
      { ids, leaseId },
      batch.map((p) => p.outcome),
      rejectedNotices(batch),
      now,
    );
  }
}

/** The `delivery.rejected` messages of a batch; the statement keeps those whose row changed. */
export function rejectedNotices(batch: readonly OutcomeWrite[]): RejectedNotice[] {
  return batch.flatMap((p) =>
    p.rejected
      ? [{ deliveryId: p.outcome.id, routingKey: MessageName.DeliveryRejected, payload: { ...p.rejected } }]
      : [],
  );
}
