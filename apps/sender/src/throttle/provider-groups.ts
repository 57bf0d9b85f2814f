import { parse } from 'tldts';

/**
 * A provider group: every recipient domain whose mail ends on the same receiving
 * infrastructure, and so shares that infrastructure's connection and rate limits (DESIGN §8).
 * `google`, `microsoft` and `yahoo` are named; every other group is `mx:<name>`.
 */
export type ProviderGroup = string;

/** One MX record as `dns.resolveMx` returns it. */
export interface MxRecordLike {
  readonly exchange: string;
  readonly priority: number;
}

export interface ProviderRule {
  readonly group: ProviderGroup;
  /**
   * Mailbox domains by their name, when the MX is not known yet. A name without a dot matches
   * that label under any public suffix and nothing below it (`hotmail` → hotmail.com,
   * hotmail.co.uk, not mail.hotmail.com); a name with a dot matches exactly.
   */
  readonly domains: readonly string[];
  /** MX host suffixes: a host equal to one or ending in `.<suffix>` belongs to the group. */
  readonly mxSuffixes: readonly string[];
  readonly why: string;
}

/**
 * The data table. The MX suffixes carry the weight: a Google Workspace or Microsoft 365 domain
 * has its own name but the provider's MX, and the provider rate-limits it as its own traffic.
 */
export const PROVIDER_RULES: readonly ProviderRule[] = [
  {
    group: 'google',
    domains: ['gmail.com', 'googlemail.com'],
    mxSuffixes: ['google.com', 'googlemail.com'],
    why: 'Gmail and Google Workspace: gmail-smtp-in.l.google.com, aspmx.l.google.com, alt*.aspmx.l.google.com, smtp.google.com',
  },
  {
    group: 'microsoft',
    domains: ['outlook', 'hotmail', 'live', 'msn.com', 'passport.com', 'windowslive.com'],
    mxSuffixes: ['mail.protection.outlook.com', 'olc.protection.outlook.com', 'hotmail.com'],
    why: 'Microsoft 365 (<tenant>.mail.protection.outlook.com) and Outlook.com consumer mail (*.olc.protection.outlook.com; older mx*.hotmail.com)',
  },
  {
    group: 'yahoo',
    domains: ['yahoo', 'ymail.com', 'rocketmail.com', 'aol', 'aim.com'],
    mxSuffixes: ['yahoodns.net'],
    why: 'Yahoo and AOL share one inbound platform: mta*.am0.yahoodns.net, mx-aol.mail.gm0.yahoodns.net',
  },
];

/**
 * Names that the label rules above would catch but that another company runs: Yahoo! JAPAN is
 * LY Corporation's (MX *.mail.yahoo.co.jp), with its own limits, so it rolls up by its MX.
 */
const NOT_THE_PROVIDER: ReadonlySet<string> = new Set(['yahoo.co.jp']);

/**
 * Pure: the provider group of a recipient domain, from its MX records (in any order).
 *
 * The MX decides when it is known (it is where the mail goes and whose limits apply); the
 * mailbox domain's name decides only without MX records (not resolved yet, or A fallback). Every
 * other domain is grouped by the registrable domain (public suffix list) of its most preferred
 * MX host, ties broken by name so that the random order of equal preferences never moves a
 * domain between groups. The registrable domain rather than the host: a hosting provider's
 * mx1/mx2/mx-eu hosts are one platform with one set of limits, and thousands of its
 * customers' domains land there (mx.zoho.eu, mx2.zoho.eu → `mx:zoho.eu`). An MX host without a
 * registrable domain (an IP literal, a single label, `localhost`) is its own group. A domain
 * without MX records (A fallback, RFC 5321 §5.1) and no known name is grouped by its own
 * registrable domain.
 */
export function providerGroupOf(domain: string, mxHosts: readonly MxRecordLike[]): ProviderGroup {
  const name = normalise(domain);
  const primary = mostPreferred(mxHosts);
  if (primary) {
    const byMx = PROVIDER_RULES.find((rule) => rule.mxSuffixes.some((suffix) => isUnder(primary, suffix)));
    return byMx ? byMx.group : `mx:${registrableOrSelf(primary)}`;
  }
  return ruleForDomain(name)?.group ?? `mx:${registrableOrSelf(name)}`;
}

/** The rule that names this mailbox domain, if any (no MX needed). */
export function ruleForDomain(domain: string): ProviderRule | undefined {
  const name = normalise(domain);
  if (NOT_THE_PROVIDER.has(name)) return undefined;
  const parsed = parse(name);
  // only the registrable domain itself is a mailbox domain: live.co.uk, not shop.live.co.uk
  const label = parsed.subdomain === '' ? parsed.domainWithoutSuffix : null;
  return PROVIDER_RULES.find((rule) =>
    rule.domains.some((d) => (d.includes('.') ? d === name : d === label)),
  );
}

function mostPreferred(mxHosts: readonly MxRecordLike[]): string | undefined {
  let best: { host: string; priority: number } | undefined;
  for (const mx of mxHosts) {
    const host = normalise(mx.exchange);
    if (host === '') continue; // a null MX names no host
    if (!best || mx.priority < best.priority || (mx.priority === best.priority && host < best.host))
      best = { host, priority: mx.priority };
  }
  return best?.host;
}

function registrableOrSelf(host: string): string {
  const parsed = parse(host);
  return parsed.isIp || !parsed.domain ? host : parsed.domain;
}

function isUnder(host: string, suffix: string): boolean {
  return host === suffix || host.endsWith(`.${suffix}`);
}

function normalise(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}
