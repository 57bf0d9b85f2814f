import { Inject, Injectable } from '@nestjs/common';
import { coveringDomain, SigningDomainStore, type Ledger } from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';

export interface DomainSigning {
  /** A From domain of the account's campaigns. */
  readonly domain: string;
  /** Whether the senders sign its mail with DKIM. */
  readonly signed: boolean;
  /** The key's domain (itself or a parent) and selectors, when signed. */
  readonly signingDomain?: string;
  readonly selectors?: readonly string[];
}

/**
 * Per From domain of an account's campaigns, whether its mail is DKIM-signed: the senders
 * publish the domains of their keys (DKIM_KEYS) to the ledger at start, so the scheduler never
 * needs the keys. A domain no sender has published goes out unsigned (`signed: false`).
 */
@Injectable()
export class AccountDkim {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: SigningDomainStore,
  ) {}

  async of(accountId: string): Promise<DomainSigning[]> {
    const [fromDomains, signing] = await Promise.all([
      this.store.accountFromDomains(this.ledger, accountId),
      this.store.list(this.ledger),
    ]);
    const byDomain = new Map(signing.map((s) => [s.domain, s.selectors]));
    return fromDomains.map((domain) => {
      const covering = coveringDomain(domain, byDomain);
      return covering === undefined
        ? { domain, signed: false }
        : { domain, signed: true, signingDomain: covering, selectors: byDomain.get(covering) };
    });
  }
}
