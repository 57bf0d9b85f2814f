import type * as dns from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * The DNS questions direct delivery asks, shaped like `dns.promises.Resolver`: production passes
 * `dns.promises` (the system resolver) or a `Resolver`; tests pass one pointed at a loopback server.
 */
export interface MxDns {
  resolveMx(hostname: string): Promise<dns.MxRecord[]>;
  resolve4(hostname: string): Promise<string[]>;
  resolve6(hostname: string): Promise<string[]>;
}

/** One host to try, with the addresses to connect to, in the order to try them. */
export interface MxTarget {
  readonly host: string;
  readonly preference: number;
  readonly addresses: readonly string[];
}

export type MxResolution =
  /** `implicit`: the domain has no MX and its own A/AAAA records are the target (RFC 5321 §5.1). */
  | {
      readonly kind: 'targets';
      readonly domain: string;
      readonly targets: readonly MxTarget[];
      readonly implicit: boolean;
    }
  /**
   * Mail to this domain can never be delivered: `notaccept` (null MX, RFC 7505), or
   * `hostunknown` (NXDOMAIN; no MX and no address; MX hosts without usable addresses).
   */
  | {
      readonly kind: 'permanent';
      readonly domain: string;
      readonly reason: 'notaccept' | 'hostunknown';
      readonly detail: string;
    }
  /** DNS did not answer (SERVFAIL, timeout, refused): ask again later. */
  | { readonly kind: 'temporary'; readonly domain: string; readonly detail: string };

export interface MxResolverOptions {
  /** [0, 1), for the shuffle of equal preferences (RFC 5321 §5.1); injectable for tests. */
  readonly random?: () => number;
  /** Address families in the order to try: IPv4 first by default, where most senders have their PTR. */
  readonly families?: readonly (4 | 6)[];
  /**
   * Whether an address may be connected to. By default only public unicast: an MX that points at
   * 127.0.0.1, 10.x or fe80:: would make the sender talk to our own network (tests pass loopback).
   */
  readonly acceptAddress?: (ip: string) => boolean;
}

/** No DNS answer here is a fault: each one maps to a typed verdict. */
const NO_RECORDS = new Set(['ENODATA', 'ENOTFOUND']);

/** Resolves where mail for a domain goes, without throwing for anything DNS can answer. */
export class MxResolver {
  private readonly random: () => number;
  private readonly families: readonly (4 | 6)[];
  private readonly acceptAddress: (ip: string) => boolean;

  constructor(
    private readonly dns: MxDns,
    options: MxResolverOptions = {},
  ) {
    this.random = options.random ?? Math.random;
    this.families = options.families ?? [4, 6];
    this.acceptAddress = options.acceptAddress ?? isPublicUnicast;
  }

  async resolve(domainName: string): Promise<MxResolution> {
    const domain = domainName.trim().toLowerCase().replace(/\.$/, '');
    const mx = await attempt(() => this.dns.resolveMx(domain));
    if (!mx.ok) {
      if (mx.code === 'ENOTFOUND') return hostunknown(domain, `${domain}: no such domain (NXDOMAIN)`);
      if (mx.code === 'EBADNAME') return hostunknown(domain, `${domain}: not a valid domain name`);
      if (mx.code !== 'ENODATA') return temporary(domain, `MX lookup for ${domain} failed: ${mx.code}`);
      return this.implicit(domain);
    }
    const hosts = mx.value.filter((r) => !isRoot(r.exchange));
    if (hosts.length === 0)
      return {
        kind: 'permanent',
        domain,
        reason: 'notaccept',
        detail: `${domain} publishes a null MX (RFC 7505): it accepts no mail`,
      };
    // a null MX beside real ones is a misconfiguration (RFC 7505 §3); the real ones still say where mail goes
    const ordered = this.order(
      hosts.map((r) => ({ host: r.exchange.toLowerCase().replace(/\.$/, ''), preference: r.priority })),
    );
    const resolved = await Promise.all(
      ordered.map(async (h) => ({ ...h, ...(await this.addressesOf(h.host)) })),
    );
    const targets = resolved
      .filter((t) => t.addresses.length > 0)
      .map(({ host, preference, addresses }) => ({ host, preference, addresses }));
    if (targets.length > 0) return { kind: 'targets', domain, targets, implicit: false };
    if (resolved.some((t) => t.temporary))
      return temporary(
        domain,
        `address lookup of the MX hosts of ${domain} failed: ${resolved.map((t) => `${t.host} ${t.note}`).join(', ')}`,
      );
    return hostunknown(
      domain,
      `the MX hosts of ${domain} have no usable address: ${resolved.map((t) => `${t.host} ${t.note}`).join(', ')}`,
    );
  }

  private async implicit(domain: string): Promise<MxResolution> {
    const own = await this.addressesOf(domain);
    if (own.addresses.length > 0)
      return {
        kind: 'targets',
        domain,
        targets: [{ host: domain, preference: 0, addresses: own.addresses }],
        implicit: true,
      };
    if (own.temporary)
      return temporary(domain, `${domain} has no MX, and its address lookup failed: ${own.note}`);
    return hostunknown(domain, `${domain} has no MX and no usable address (${own.note})`);
  }

  private async addressesOf(
    host: string,
  ): Promise<{ addresses: string[]; temporary: boolean; note: string }> {
    const answers = await Promise.all(
      this.families.map(async (family) => ({
        family,
        answer: await attempt(() => (family === 4 ? this.dns.resolve4(host) : this.dns.resolve6(host))),
      })),
    );
    const addresses: string[] = [];
    const notes: string[] = [];
    let temporaryFailure = false;
    for (const { family, answer } of answers) {
      if (answer.ok) {
        const accepted = answer.value.filter((ip) => this.acceptAddress(ip));
        addresses.push(...accepted);
        if (accepted.length < answer.value.length)
          notes.push(`IPv${family} not public: ${answer.value.join(' ')}`);
      } else {
        if (!NO_RECORDS.has(answer.code)) temporaryFailure = true;
        notes.push(`IPv${family} ${answer.code}`);
      }
    }
    return { addresses, temporary: temporaryFailure && addresses.length === 0, note: notes.join(', ') };
  }

  /** Lowest preference first; equal preferences in random order, spreading load (RFC 5321 §5.1). */
  private order(hosts: { host: string; preference: number }[]): { host: string; preference: number }[] {
    const keyed = hosts.map((h) => ({ h, tie: this.random() }));
    keyed.sort((a, b) => a.h.preference - b.h.preference || a.tie - b.tie);
    return keyed.map((k) => k.h);
  }
}

/** Public unicast only (ipaddr.js range names): no loopback, private, link-local, CGNAT or reserved space. */
export function isPublicUnicast(ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  return ipaddr.process(ip).range() === 'unicast';
}

/** Loopback only (127.0.0.0/8, ::1): what tests accept. */
export function isLoopback(ip: string): boolean {
  return ipaddr.isValid(ip) && ipaddr.process(ip).range() === 'loopback';
}

function isRoot(exchange: string): boolean {
  return exchange === '' || exchange === '.';
}

function hostunknown(domain: string, detail: string): MxResolution {
  return { kind: 'permanent', domain, reason: 'hostunknown', detail };
}

function temporary(domain: string, detail: string): MxResolution {
  return { kind: 'temporary', domain, detail };
}

type Attempt<T> = { ok: true; value: T } | { ok: false; code: string };

async function attempt<T>(query: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await query() };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { ok: false, code: typeof code === 'string' ? code : 'EUNKNOWN' };
  }
}
