import { Inject, Injectable } from '@nestjs/common';
import { LinkStore, TrackingStore, type Ledger } from '@postroom/ledger';
import { CLOCK, LEDGER, type Clock } from '@postroom/runtime';

/** What the tracker's answers read or write at once: a click's target, an unsubscribe. */
@Injectable()
export class TrackingLookups {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly links: LinkStore,
    private readonly tracking: TrackingStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The target of a link, only if it belongs to the delivery's campaign. */
  target(linkId: string, deliveryId: string): Promise<string | undefined> {
    return this.links.target(this.ledger, linkId, deliveryId);
  }

  unsubscribe(deliveryId: string): ReturnType<TrackingStore['unsubscribe']> {
    return this.tracking.unsubscribe(this.ledger, deliveryId, this.clock.now());
  }
}
