import ipaddr from 'ipaddr.js';

interface Interval {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * A set of CIDR ranges answering "is this address in it" by binary search, so the full Apple
 * egress feed (hundreds of thousands of ranges) costs no more per request than a handful.
 * IPv4-mapped IPv6 addresses (::ffff:1.2.3.4, as dual-stack sockets report them) count as IPv4.
 */
export class IpRangeSet {
  private readonly v4: Interval[];
  private readonly v6: Interval[];

  constructor(cidrs: Iterable<string>) {
    const v4: Interval[] = [];
    const v6: Interval[] = [];
    for (const cidr of cidrs) {
      const [addr, bits] = ipaddr.parseCIDR(cidr.trim());
      const width = addr.kind() === 'ipv4' ? 32 : 128;
      const value = toBigInt(addr.toByteArray());
      const hostBits = BigInt(width - bits);
      const start = (value >> hostBits) << hostBits;
      (addr.kind() === 'ipv4' ? v4 : v6).push({ start, end: start + (1n << hostBits) - 1n });
    }
    this.v4 = merge(v4);
    this.v6 = merge(v6);
  }

  /** False for anything that is not an IP address. */
  has(ip: string): boolean {
    if (!ipaddr.isValid(ip)) return false;
    const addr = ipaddr.process(ip);
    const list = addr.kind() === 'ipv4' ? this.v4 : this.v6;
    const value = toBigInt(addr.toByteArray());
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (value < list[mid].start) hi = mid - 1;
      else if (value > list[mid].end) lo = mid + 1;
      else return true;
    }
    return false;
  }

  get size(): number {
    return this.v4.length + this.v6.length;
  }
}

/**
 * The CIDRs of Apple's egress feed (`prefix,country,region,city,` per line, as served at
 * mask-api.icloud.com/egress-ip-ranges.csv); lines that do not start with a CIDR are skipped.
 */
export function parseAppleEgressCsv(csv: string): string[] {
  const out: string[] = [];
  for (const line of csv.split(/\r?\n/)) {
    const first = line.split(',')[0]?.trim();
    if (first && ipaddr.isValidCIDR(first)) out.push(first);
  }
  return out;
}

function toBigInt(bytes: number[]): bigint {
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

function merge(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const out: { start: bigint; end: bigint }[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end + 1n) {
      if (i.end > last.end) last.end = i.end;
    } else out.push({ ...i });
  }
  return out;
}
