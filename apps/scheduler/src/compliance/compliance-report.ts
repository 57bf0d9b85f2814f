import { worst, type CheckStatus, type ComplianceCheck } from './check';
import type { ComplianceDns } from './compliance-dns';
import { dkimChecks, type DkimKeyConfig } from './dkim-check';
import { aligned, dmarcAlignmentCheck, dmarcPolicyCheck } from './dmarc-check';
import { complaintRateCheck, oneClickCheck, type ComplaintFigures } from './policy-checks';
import { ptrCheck } from './ptr-check';
import { spfChecks } from './spf-check';

export interface ComplianceInput {
  /** The domains in the From header of the account's campaigns. */
  readonly fromDomains: readonly string[];
  /**
   * Direct mode: the IP the sender connects from (SPF must cover it, its PTR must be
   * forward-confirmed). Without it (relay mode) those two checks are the relay's business.
   */
  readonly sendingIp?: string;
  /** The EHLO name of the sender in direct mode; compared with the PTR. */
  readonly heloName?: string;
  /**
   * The envelope (MAIL FROM) domain, whose SPF counts: our VERP return path (BOUNCE_DOMAIN).
   * The From domain itself when not given.
   */
  readonly returnPathDomain?: string;
  readonly dkim: readonly DkimKeyConfig[];
  readonly oneClickUnsubscribe: boolean;
  readonly complaints: { readonly days7: ComplaintFigures; readonly days30: ComplaintFigures };
}

export interface DomainCompliance {
  readonly domain: string;
  /** The worst status of its checks. */
  readonly status: CheckStatus;
  readonly checks: readonly ComplianceCheck[];
}

/**
 * The bulk-sender requirements (Gmail and Yahoo, February 2024; RFC 7208, 6376, 7489, 8058), per
 * From domain. All DNS goes through `dns` (the system resolver in production); nothing is sent.
 * The complaint figures and one-click unsubscribe belong to the account, so each domain shows them.
 */
export async function complianceReport(
  input: ComplianceInput,
  dns: ComplianceDns,
): Promise<DomainCompliance[]> {
  const ptr = input.sendingIp ? ptrCheck(dns, input.sendingIp, input.heloName) : undefined;
  return Promise.all(
    [...new Set(input.fromDomains.map((d) => d.toLowerCase()))].map(async (domain) => {
      const spfDomain = (input.returnPathDomain ?? domain).toLowerCase();
      const keys = input.dkim.filter((k) => aligned(k.domain, domain, 'r'));
      const [spf, dkim, dmarc] = await Promise.all([
        spfChecks(dns, spfDomain, input.sendingIp),
        Promise.all(keys.map(async (k) => ({ key: k, checks: await dkimChecks(dns, k) }))),
        dmarcPolicyCheck(dns, domain),
      ]);
      const spfOk = spf.every((c) => c.status !== 'fail');
      const goodKeys = dkim
        .filter((d) => d.checks.every((c) => c.status !== 'fail'))
        .map((d) => d.key.domain);
      const dkimLines: ComplianceCheck[] = keys.length
        ? dkim.flatMap((d) => d.checks)
        : [
            {
              check: 'dkim-key',
              status: 'fail',
              detail: `no DKIM key is configured for ${domain} or a domain of the same organization`,
              fix: `create a key pair, sign with d=${domain} and a selector, and publish the public key at <selector>._domainkey.${domain}`,
            },
          ];
      const checks: ComplianceCheck[] = [
        ...spf,
        ...dkimLines,
        dmarc.policyCheck,
        dmarcAlignmentCheck(domain, dmarc, { domain: spfDomain, ok: spfOk }, goodKeys),
        ...(ptr ? [await ptr] : []),
        oneClickCheck(input.oneClickUnsubscribe),
        complaintRateCheck('7d', input.complaints.days7),
        complaintRateCheck('30d', input.complaints.days30),
      ];
      return { domain, status: worst(checks), checks };
    }),
  );
}
