import dns2 from 'dns2';
import { Resolver } from 'node:dns/promises';

/**
 * A DNS server on 127.0.0.1 at a port the OS picks, answering the TXT records a test gives it and
 * NXDOMAIN for the rest; `resolveTxt` queries it with Node's own stub resolver, as production
 * code would query a real one. Never touches /etc/resolv.conf.
 */
export class LocalDnsServer {
  private readonly txt = new Map<string, string>();
  private server: ReturnType<typeof dns2.createServer> | undefined;
  private resolver: Resolver | undefined;
  /** Queries answered, `name TYPE`, for tests that want to see the lookup happen. */
  readonly queries: string[] = [];

  setTxt(name: string, value: string): void {
    this.txt.set(name.toLowerCase(), value);
  }

  async start(): Promise<{ address: string; port: number }> {
    this.server = dns2.createServer({
      udp: true,
      handle: (request, send) => {
        const response = dns2.Packet.createResponseFromRequest(request);
        const [question] = request.questions;
        this.queries.push(
          `${question.name} ${question.type === dns2.Packet.TYPE.TXT ? 'TXT' : question.type}`,
        );
        const value =
          question.type === dns2.Packet.TYPE.TXT ? this.txt.get(question.name.toLowerCase()) : undefined;
        if (value === undefined)
          response.header.rcode = 3; // NXDOMAIN
        else
          response.answers.push({
            name: question.name,
            type: dns2.Packet.TYPE.TXT,
            class: dns2.Packet.CLASS.IN,
            ttl: 60,
            data: chunks(value, 255), // one TXT record, several character-strings, as a 2048-bit key needs
          } as unknown as (typeof response.answers)[number]);
        void send(response);
      },
    });
    const addresses = await this.server.listen({ udp: { port: 0, address: '127.0.0.1' } });
    const { address, port } = addresses.udp as { address: string; port: number };
    this.resolver = new Resolver({ timeout: 2000, tries: 1 });
    this.resolver.setServers([`${address}:${port}`]);
    return { address, port };
  }

  /** The resolver function mailauth takes: TXT answers as Node's resolveTxt gives them. */
  readonly resolveTxt = async (name: string, type: string): Promise<string[][]> => {
    if (!this.resolver) throw new Error('LocalDnsServer is not started');
    if (type !== 'TXT') {
      throw Object.assign(new Error(`${type} ${name}: not served here`), { code: 'ENOTFOUND' });
    }
    return this.resolver.resolveTxt(name);
  };

  async stop(): Promise<void> {
    this.resolver?.cancel();
    await this.server?.close();
  }
}

function chunks(value: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i += size) out.push(value.slice(i, i + size));
  return out;
}
