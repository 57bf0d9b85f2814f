import * as dns from 'node:dns';
import dns2 from 'dns2';

/** RFC 1035 §4.1.1 response codes (dns2 3.0's types leave them out). */
const RCODE = { SERVFAIL: 2, NXDOMAIN: 3 } as const;

/** The records of one name. TXT strings longer than 255 octets are split into several strings. */
export interface ZoneRecords {
  A?: string[];
  AAAA?: string[];
  MX?: { exchange: string; priority: number }[];
  TXT?: (string | string[])[];
  PTR?: string[];
}

/**
 * A name's records, or how its server misbehaves: `NXDOMAIN` (the name does not exist),
 * `SERVFAIL` (the server fails), `TIMEOUT` (the server never answers). Names not listed do not
 * exist; a listed name without records of the asked type answers NODATA.
 */
export type ZoneEntry = ZoneRecords | 'NXDOMAIN' | 'SERVFAIL' | 'TIMEOUT';
export type Zone = Record<string, ZoneEntry>;

type RecordType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'PTR';

interface DnsError extends Error {
  code: string;
  hostname: string;
}

/** The name a PTR query asks for: `4.3.2.1.in-addr.arpa`, or the nibbles of an IPv6 address. */
export function reverseName(ip: string): string {
  if (ip.includes('.') && !ip.includes(':')) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  const [head, tail = ''] = ip.split('::');
  const groups = (s: string) => (s ? s.split(':') : []);
  const missing = 8 - groups(head).length - groups(tail).length;
  const full = [
    ...groups(head),
    ...Array<string>(ip.includes('::') ? missing : 0).fill('0'),
    ...groups(tail),
  ];
  const nibbles = full.map((g) => g.padStart(4, '0')).join('');
  return `${[...nibbles].reverse().join('.')}.ip6.arpa`;
}

/**
 * The same zone answered in memory, shaped like `dns.promises.Resolver` (the methods the
 * deliverability code uses), failing with the codes Node's resolver uses: ENOTFOUND for
 * NXDOMAIN, ENODATA for NODATA, ESERVFAIL, ETIMEOUT.
 */
export class FakeDns {
  readonly queries: { name: string; type: RecordType }[] = [];

  constructor(public zone: Zone) {}

  resolveMx(name: string): Promise<dns.MxRecord[]> {
    return this.answer(name, 'MX', (r) => r.MX);
  }
  resolve4(name: string): Promise<string[]> {
    return this.answer(name, 'A', (r) => r.A);
  }
  resolve6(name: string): Promise<string[]> {
    return this.answer(name, 'AAAA', (r) => r.AAAA);
  }
  resolveTxt(name: string): Promise<string[][]> {
    return this.answer(name, 'TXT', (r) => r.TXT?.map(txtStrings));
  }
  resolvePtr(name: string): Promise<string[]> {
    return this.answer(name, 'PTR', (r) => r.PTR);
  }

  /** `dns.promises.resolve(name, type)`, the shape mailauth takes as its resolver. */
  resolve(name: string, type: string): Promise<unknown[]> {
    switch (type) {
      case 'MX':
        return this.resolveMx(name);
      case 'A':
        return this.resolve4(name);
      case 'AAAA':
        return this.resolve6(name);
      case 'TXT':
        return this.resolveTxt(name);
      case 'PTR':
        return this.resolvePtr(name);
      default:
        return Promise.reject(dnsError('ENODATA', name, type));
    }
  }

  private async answer<T>(
    name: string,
    type: RecordType,
    pick: (r: ZoneRecords) => T[] | undefined,
  ): Promise<T[]> {
    const key = canonical(name);
    this.queries.push({ name: key, type });
    const entry = this.zone[key];
    if (entry === undefined || entry === 'NXDOMAIN') throw dnsError('ENOTFOUND', key, type);
    if (entry === 'SERVFAIL') throw dnsError('ESERVFAIL', key, type);
    if (entry === 'TIMEOUT') throw dnsError('ETIMEOUT', key, type);
    const records = pick(entry);
    if (!records || records.length === 0) throw dnsError('ENODATA', key, type);
    return records;
  }
}

/**
 * A real DNS server (dns2, UDP) on a loopback port chosen at start, answering from a zone. Hand
 * `resolver()` to the code under test: a `dns.promises.Resolver` pointed at this server only.
 */
export class DnsZoneServer {
  readonly queries: { name: string; type: RecordType | number }[] = [];
  private server!: ReturnType<typeof dns2.createServer>;
  private _port = 0;

  private constructor(
    public zone: Zone,
    readonly host: string,
  ) {}

  static async start(zone: Zone, host = '127.0.0.1'): Promise<DnsZoneServer> {
    const server = new DnsZoneServer(zone, host);
    await server.listen();
    return server;
  }

  get port(): number {
    return this._port;
  }

  /** `host:port`, for `Resolver.setServers`. */
  get address(): string {
    return `${this.host}:${this._port}`;
  }

  /** A resolver that asks this server only; `timeoutMs` per try, one try (TIMEOUT names fail fast). */
  resolver(timeoutMs = 500): dns.promises.Resolver {
    const resolver = new dns.promises.Resolver({ timeout: timeoutMs, tries: 1 });
    resolver.setServers([this.address]);
    return resolver;
  }

  async stop(): Promise<void> {
    await this.server.close();
  }

  private async listen(): Promise<void> {
    const { Packet } = dns2;
    this.server = dns2.createServer({
      udp: true,
      handle: (request, send) => {
        const response = Packet.createResponseFromRequest(request);
        const [question] = request.questions;
        if (!question) return send(response);
        const name = canonical(question.name);
        const type = TYPE_NAMES[question.type] ?? question.type;
        this.queries.push({ name, type });
        const entry = this.zone[name];
        if (entry === 'TIMEOUT') return; // never answers
        if (entry === undefined || entry === 'NXDOMAIN') {
          response.header.rcode = RCODE.NXDOMAIN;
          return send(response);
        }
        if (entry === 'SERVFAIL') {
          response.header.rcode = RCODE.SERVFAIL;
          return send(response);
        }
        const base = { name: question.name, class: Packet.CLASS.IN, ttl: 1 };
        if (type === 'A')
          for (const address of entry.A ?? [])
            response.answers.push(rr({ ...base, type: Packet.TYPE.A, address }));
        if (type === 'AAAA')
          for (const address of entry.AAAA ?? [])
            response.answers.push(rr({ ...base, type: Packet.TYPE.AAAA, address }));
        if (type === 'MX')
          for (const mx of entry.MX ?? [])
            response.answers.push(
              rr({
                ...base,
                type: Packet.TYPE.MX,
                // the null MX's "." is the root name, which dns2 writes for an empty exchange
                exchange: mx.exchange === '.' ? '' : mx.exchange,
                priority: mx.priority,
              }),
            );
        if (type === 'TXT')
          for (const txt of entry.TXT ?? [])
            response.answers.push(rr({ ...base, type: Packet.TYPE.TXT, data: txtStrings(txt) }));
        if (type === 'PTR')
          for (const domain of entry.PTR ?? [])
            response.answers.push(rr({ ...base, type: Packet.TYPE.PTR, domain }));
        send(response);
      },
    });
    const addresses = await this.server.listen({ udp: { port: 0, address: this.host } });
    this._port = addresses.udp?.port ?? 0;
  }
}

// dns2 encodes plain objects; its typings ask for the class it decodes into
function rr(record: Omit<dns2.Packet.Resource, 'toBuffer'>): dns2.Packet.Resource {
  return record as dns2.Packet.Resource;
}

const TYPE_NAMES: Record<number, RecordType> = { 1: 'A', 28: 'AAAA', 15: 'MX', 16: 'TXT', 12: 'PTR' };

function canonical(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function txtStrings(txt: string | string[]): string[] {
  if (Array.isArray(txt)) return txt;
  const parts: string[] = [];
  for (let i = 0; i < txt.length; i += 255) parts.push(txt.slice(i, i + 255));
  return parts.length ? parts : [''];
}

function dnsError(code: string, hostname: string, type: string): DnsError {
  return Object.assign(new Error(`query${type} ${code} ${hostname}`), { code, hostname });
}
