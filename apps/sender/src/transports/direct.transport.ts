import type { Clock } from '@postroom/runtime';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { Readable } from 'node:stream';
import type { MailTransport, OutgoingMail, TransportResult } from './mail-transport';
import type { MxResolution } from './mx-resolver';
import { classifySmtpError } from './smtp.transport';

/** Where mail for a domain goes; `MxResolver` is the real one. */
export interface MxLookup {
  resolve(domain: string): Promise<MxResolution>;
}

export interface PoolLimits {
  readonly maxConnections: number;
  readonly maxMessages: number;
}

export interface DirectTransportOptions {
  readonly mx: MxLookup;
  /** The name said in EHLO: this host's FQDN, the one its IP's PTR names (FCrDNS). */
  readonly heloName: string;
  /** 25 in production; tests point it at their loopback sinks. */
  readonly port?: number;
  /** Bind outgoing connections to this sending IP (the one SPF and the PTR are set up for). */
  readonly localAddress?: string;
  readonly connectTimeoutMs?: number;
  readonly greetingTimeoutMs?: number;
  readonly socketTimeoutMs?: number;
  /** Per MX host: the provider group's limits (ProviderThrottle.limitsOf) belong here. */
  readonly poolLimits?: (host: string) => PoolLimits;
  /** At most this many pools are kept; past it the least recently used idle one is closed. */
  readonly maxPools?: number;
  /** A pool unused this long is closed (checked every idleCloseMs / 2). */
  readonly idleCloseMs?: number;
  readonly clock?: Clock;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  syscall?: string;
  timeoutType?: string;
}

interface Pool {
  readonly key: string;
  readonly host: string;
  readonly address: string;
  readonly transporter: Transporter;
  inFlight: number;
  lastUsed: number;
}

type Attempt = { kind: 'result'; result: TransportResult } | { kind: 'dead'; reason: string };

const DEFAULT_POOL: PoolLimits = { maxConnections: 2, maxMessages: 100 };

/**
 * Delivers straight to the recipient's MX (DESIGN §8), so `accepted` means the recipient's own
 * server took the message. Hosts are tried in MX order; a host that is dead before it says
 * anything (refused, unreachable, no greeting) hands over to the next one, while any reply from a
 * live host is final: a backup MX would only queue the mail, and a 4xx is the provider's word to
 * the throttle. As in SmtpTransport, no pool ever re-queues (`maxRequeues: 0`): after the body
 * left, only the ledger decides, and it says `unknown`.
 */
export class DirectTransport implements MailTransport {
  private readonly pools = new Map<string, Pool>();
  private readonly clock: Clock;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: DirectTransportOptions) {
    this.clock = options.clock ?? { now: () => new Date() };
    const idle = options.idleCloseMs ?? 60_000;
    this.sweeper = setInterval(() => this.closeIdle(), Math.max(50, idle / 2));
    this.sweeper.unref();
  }

  async send(mail: OutgoingMail): Promise<TransportResult> {
    const domain = mail.to.slice(mail.to.lastIndexOf('@') + 1).toLowerCase();
    const where = await this.options.mx.resolve(domain);
    if (where.kind === 'permanent') return refusedByDns(where.reason, where.detail);
    if (where.kind === 'temporary') return { kind: 'not-sent', reason: `DNS: ${where.detail}` };
    const dead: string[] = [];
    for (const target of where.targets) {
      for (const address of target.addresses) {
        const attempt = await this.sendVia(target.host, address, mail);
        if (attempt.kind === 'result') return attempt.result;
        dead.push(`${target.host} [${address}]: ${attempt.reason}`);
      }
    }
    return { kind: 'not-sent', reason: oneLine(`no MX of ${domain} answered: ${dead.join('; ')}`) };
  }

  /** Pools open now (for metrics and tests). */
  get poolCount(): number {
    return this.pools.size;
  }

  /** Closes pools idle for idleCloseMs; runs on its own timer too. */
  closeIdle(): void {
    const limit = this.options.idleCloseMs ?? 60_000;
    const now = this.clock.now().getTime();
    for (const pool of this.pools.values())
      if (pool.inFlight === 0 && now - pool.lastUsed >= limit) this.closePool(pool);
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    for (const pool of this.pools.values()) this.closePool(pool);
  }

  private async sendVia(host: string, address: string, mail: OutgoingMail): Promise<Attempt> {
    const pool = this.poolFor(host, address);
    pool.inFlight++;
    let bodyHandedOver = false;
    const body = Readable.from([mail.raw]);
    body.once('end', () => {
      bodyHandedOver = true;
    });
    try {
      const info = (await pool.transporter.sendMail({
        envelope: { from: mail.envelopeFrom, to: [mail.to] },
        raw: body,
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
      })) as { response?: string };
      return { kind: 'result', result: { kind: 'accepted', reply: info.response ?? '250' } };
    } catch (err) {
      const e = err as SmtpError;
      if (!bodyHandedOver && isDeadBeforeGreeting(e)) return { kind: 'dead', reason: oneLine(e.message) };
      return { kind: 'result', result: refineBodySent(classifySmtpError(e, bodyHandedOver), e) };
    } finally {
      pool.inFlight--;
      pool.lastUsed = this.clock.now().getTime();
    }
  }

  private poolFor(host: string, address: string): Pool {
    const key = `${host}/${address}`;
    const existing = this.pools.get(key);
    if (existing) return existing;
    if (this.pools.size >= (this.options.maxPools ?? 200)) this.evictOne();
    const limits = this.options.poolLimits?.(host) ?? DEFAULT_POOL;
    const timeout = (ms: number | undefined, fallback: number) => ms ?? fallback;
    const transporter = nodemailer.createTransport({
      pool: true,
      host: address,
      port: this.options.port ?? 25,
      name: this.options.heloName,
      localAddress: this.options.localAddress,
      secure: false,
      // opportunistic STARTTLS, as MTAs do: MX certificates rarely match, and refusing would not make plain text safer
      tls: { servername: host, rejectUnauthorized: false },
      maxConnections: limits.maxConnections,
      maxMessages: limits.maxMessages,
      maxRequeues: 0,
      connectionTimeout: timeout(this.options.connectTimeoutMs, 30_000),
      greetingTimeout: timeout(this.options.greetingTimeoutMs, 60_000),
      socketTimeout: timeout(this.options.socketTimeoutMs, 5 * 60_000),
      logger: false,
    } as SMTPPool.Options);
    const pool: Pool = { key, host, address, transporter, inFlight: 0, lastUsed: this.clock.now().getTime() };
    this.pools.set(key, pool);
    return pool;
  }

  // busy pools are never closed under a send; with all busy the count exceeds maxPools for a while
  private evictOne(): void {
    let oldest: Pool | undefined;
    for (const pool of this.pools.values())
      if (pool.inFlight === 0 && (!oldest || pool.lastUsed < oldest.lastUsed)) oldest = pool;
    if (oldest) this.closePool(oldest);
  }

  private closePool(pool: Pool): void {
    this.pools.delete(pool.key);
    pool.transporter.close();
  }
}

/**
 * A host that never said anything: the TCP connection failed, or no greeting came, or it closed
 * before its first reply. Nothing of the message can have arrived, so the next MX may be tried.
 */
export function isDeadBeforeGreeting(err: SmtpError): boolean {
  if (err.responseCode !== undefined || err.response) return false;
  if (err.syscall === 'connect') return true;
  if (err.timeoutType === 'CONNECTION_TIMEOUT' || err.timeoutType === 'GREETING_TIMEOUT') return true;
  // the pool's word for a connection that closed before it could be used
  return err.code === 'ECONNECTION' && err.command === undefined;
}

/** Commands answered before DATA: a refusal of one of them cannot come after the body. */
const ENVELOPE_COMMAND = /^(EHLO|HELO|STARTTLS|AUTH|MAIL FROM|RCPT TO)\b/i;

/**
 * nodemailer reads the whole raw stream before the envelope is answered, so "the stream ended"
 * overstates "the body left"; a refusal names its command, which settles it. (Drops keep the
 * cautious reading: unknown.)
 */
export function refineBodySent(result: TransportResult, err: SmtpError): TransportResult {
  if (result.kind === 'refused' && result.bodySent && err.command && ENVELOPE_COMMAND.test(err.command))
    return { ...result, bodySent: false };
  return result;
}

/** The DNS verdicts as the refusals a receiving server would have given (RFC 7505 §4.2, RFC 3463). */
export function refusedByDns(reason: 'notaccept' | 'hostunknown', detail: string): TransportResult {
  return reason === 'notaccept'
    ? {
        kind: 'refused',
        code: 556,
        reply: oneLine(`556 5.1.10 Recipient address has null MX (notaccept): ${detail}`),
        bodySent: false,
      }
    : {
        kind: 'refused',
        code: 550,
        reply: oneLine(`550 5.1.2 Host unknown (hostunknown): ${detail}`),
        bodySent: false,
      };
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').slice(0, 1000);
}
