import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { SigningDomainStore, type Ledger } from '@postroom/ledger';
import { CLOCK, LEDGER, type Clock } from '@postroom/runtime';
import { DkimSigner } from './dkim-signer';
import { UnsignedDomains } from './unsigned-domains';

/**
 * At the sender's start: publishes the domains it signs to the ledger (the scheduler's account
 * view reads them), and warns once about the From domains of pending campaigns it will send unsigned.
 */
@Injectable()
export class DkimAnnouncer implements OnApplicationBootstrap {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: SigningDomainStore,
    private readonly signer: DkimSigner,
    private readonly unsigned: UnsignedDomains,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.store.replace(this.ledger, this.signer.domains(), this.clock.now());
    this.unsigned.note(this.signer.unsignedDomains(await this.store.pendingFromDomains(this.ledger)));
  }
}
