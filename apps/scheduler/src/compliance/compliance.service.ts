import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { ComplianceStore, type Ledger } from '@postroom/ledger';
import { CLOCK, CONFIG, LEDGER, type Clock } from '@postroom/runtime';
import { Resolver } from 'node:dns/promises';
import { parseDkimKeys } from '../../../sender/src/dkim/dkim-keys';
import type { ComplianceDns } from './compliance-dns';
import { complianceReport, type DomainCompliance } from './compliance-report';
import type { DkimKeyConfig } from './dkim-check';

export const COMPLIANCE_DNS = Symbol('COMPLIANCE_DNS');

/** The system resolver, or the DNS_SERVERS (tests point it at a loopback server). */
export function complianceDns(c: ConfigOf<typeof schedulerEnv>): ComplianceDns {
  const resolver = new Resolver({ timeout: c.DNS_TIMEOUT_MS, tries: c.DNS_TRIES });
  const servers = c.DNS_SERVERS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (servers.length > 0) resolver.setServers(servers);
  return resolver as unknown as ComplianceDns;
}

export interface AccountCompliance {
  readonly account: string;
  readonly checkedAt: string;
  /** `direct` when a sending IP is configured (DIRECT_LOCAL_ADDRESS): its SPF coverage and PTR are checked. */
  readonly mode: 'direct' | 'relay';
  readonly domains: readonly DomainCompliance[];
}

/**
 * `GET /v1/accounts/:id/compliance`: the bulk-sender checks (compliance-report.ts) for each From
 * domain of the account's campaigns, fed with the sender's configuration (the same variables)
 * and the ledger's complaint figures over 7 and 30 days.
 */
@Injectable()
export class ComplianceService {
  private readonly dkim: readonly DkimKeyConfig[];

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(COMPLIANCE_DNS) private readonly dns: ComplianceDns,
    private readonly store: ComplianceStore,
  ) {
    // the private keys give the public halves the published records must match
    this.dkim = [...parseDkimKeys(config.DKIM_KEYS).values()]
      .flat()
      .map((k) => ({ domain: k.domain, selector: k.selector, publicKeyPem: k.privateKeyPem }));
  }

  async report(accountId: string): Promise<AccountCompliance> {
    const now = this.clock.now();
    const [fromDomains, days7, days30] = await Promise.all([
      this.store.fromDomains(this.ledger, accountId),
      this.store.complaints(this.ledger, accountId, now, 7),
      this.store.complaints(this.ledger, accountId, now, 30),
    ]);
    const sendingIp = this.config.DIRECT_LOCAL_ADDRESS || undefined;
    const domains = await complianceReport(
      {
        fromDomains,
        sendingIp,
        heloName: this.config.DIRECT_HELO_NAME || undefined,
        returnPathDomain: this.config.BOUNCE_DOMAIN,
        dkim: this.dkim,
        // every message the renderer writes carries List-Unsubscribe (https) and List-Unsubscribe-Post (RFC 8058)
        oneClickUnsubscribe: true,
        complaints: { days7, days30 },
      },
      this.dns,
    );
    return {
      account: accountId,
      checkedAt: now.toISOString(),
      mode: sendingIp ? 'direct' : 'relay',
      domains,
    };
  }
}
