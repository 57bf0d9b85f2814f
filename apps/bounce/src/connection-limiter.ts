import { isIPv6 } from 'node:net';

/**
 * Pure: the unit a per-client connection cap counts. IPv4 (also IPv4-mapped IPv6) is one
 * address; IPv6 is its /64, since one host commonly holds a whole /64 and could rotate through it.
 */
export function clientKey(ip: string): string {
  const plain = ip.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(plain);
  if (mapped) return mapped[1];
  if (!isIPv6(plain)) return plain;
  const prefix = groupsOf(plain)
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}

/** The eight groups of an IPv6 address, `::` expanded. */
function groupsOf(ip: string): string[] {
  const [head, tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  if (tail === undefined) return left;
  const right = tail ? tail.split(':') : [];
  return [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
}

/** Open connections per client, capped; a session counts from its admission to its close. */
export class ConnectionLimiter {
  private readonly open = new Map<string, number>();
  private readonly sessions = new Map<string, string>();

  constructor(private readonly perClient: number) {}

  /** Admits the session unless its client already holds `perClient` connections. */
  admit(sessionId: string, ip: string): boolean {
    const key = clientKey(ip);
    const n = this.open.get(key) ?? 0;
    if (n >= this.perClient) return false;
    this.open.set(key, n + 1);
    this.sessions.set(sessionId, key);
    return true;
  }

  /** Safe to call for any session, admitted or not, and more than once. */
  release(sessionId: string): void {
    const key = this.sessions.get(sessionId);
    if (key === undefined) return;
    this.sessions.delete(sessionId);
    const n = (this.open.get(key) ?? 1) - 1;
    if (n > 0) this.open.set(key, n);
    else this.open.delete(key);
  }

  openFor(ip: string): number {
    return this.open.get(clientKey(ip)) ?? 0;
  }
}
