// straight from the file: the testing index loads the Postgres and broker helpers too
import { SmtpCapture } from '../../../../libs/testing/src/smtp-capture';
import { DnsZoneServer } from '../../../../libs/testing/src/dns-zone';
import { DirectTransport } from '../transports/direct.transport';
import type { MailTransport, OutgoingMail, TransportResult } from '../transports/mail-transport';
import { isLoopback, MxResolver } from '../transports/mx-resolver';
import { ProviderThrottle, type ThrottleSettings } from './provider-throttle';
import { MxGroupLookup, ThrottledTransport } from './throttled.transport';
import { realTimer } from './timer';

/** The real stack a user meets: DNS → group → throttle → direct delivery → two SMTP servers. */
const settings: ThrottleSettings = {
  defaults: { maxConnections: 2, messagesPerConnection: 100, messagesPerMinute: 600 },
  groups: {},
  backoff: {
    initialPauseMs: 300,
    maxPauseMs: 1_200,
    successesPerStep: 2,
    stepFraction: 0.25,
    minRateFraction: 1 / 8,
  },
};
const clock = { now: () => new Date() };

/** Notes when each send really started and how it ended. */
class Recording implements MailTransport {
  readonly sends: { to: string; at: number; answeredAt?: number; result?: TransportResult }[] = [];
  constructor(private readonly inner: MailTransport) {}
  async send(mail: OutgoingMail): Promise<TransportResult> {
    const entry: (typeof this.sends)[number] = { to: mail.to, at: Date.now() };
    this.sends.push(entry);
    entry.result = await this.inner.send(mail);
    entry.answeredAt = Date.now();
    return entry.result;
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

describe(`${ThrottledTransport.name} over ${DirectTransport.name}`, () => {
  let dns: DnsZoneServer;
  let willing: SmtpCapture;
  let deferring: SmtpCapture;
  let received = 0;

  beforeAll(async () => {
    willing = await SmtpCapture.start({ host: '127.0.0.2' });
    // answers the first two messages it sees "421 4.7.0 try again later", then accepts
    deferring = await SmtpCapture.start({
      host: '127.0.0.3',
      port: willing.port,
      replies: () => (++received <= 2 ? { code: 421, message: '4.7.0 try again later' } : undefined),
    });
    dns = await DnsZoneServer.start({
      'fast.test': { MX: [{ exchange: 'mx.willing.test', priority: 10 }] },
      'mx.willing.test': { A: ['127.0.0.2'] },
      'slow.test': { MX: [{ exchange: 'mx.deferring.test', priority: 10 }] },
      'mx.deferring.test': { A: ['127.0.0.3'] },
    });
  });
  afterAll(async () => {
    await Promise.all([willing.stop(), deferring.stop(), dns.stop()]);
  });

  it('slows and pauses the group that answers 421 while the other delivers at full rate', async () => {
    const mx = new MxResolver(dns.resolver(), { acceptAddress: isLoopback });
    const throttle = new ProviderThrottle(clock, settings);
    const recording = new Recording(
      new DirectTransport({
        mx,
        heloName: 'mta.shop.test',
        port: willing.port,
        poolLimits: () => ({ maxConnections: 2, maxMessages: 100 }),
      }),
    );
    const sut = new ThrottledTransport(recording, throttle, new MxGroupLookup(mx, clock), clock, realTimer);
    const mails = Array.from({ length: 8 }, (_, i) => [`f${i}@fast.test`, `s${i}@slow.test`]).flat();
    try {
      const results = await Promise.all(
        mails.map((to) =>
          sut.send({ envelopeFrom: 'b@shop.test', to, raw: Buffer.from(`Subject: ${to}\r\n\r\nhi\r\n`) }),
        ),
      );
      expect(results.filter((r) => r.kind === 'accepted')).toHaveLength(14);
      expect(results.filter((r) => r.kind === 'refused' && r.code === 421)).toHaveLength(2);
    } finally {
      await sut.close();
    }

    const times = (domain: string) => recording.sends.filter((s) => s.to.endsWith(domain)).map((s) => s.at);
    const gaps = (t: number[]) => t.slice(1).map((x, i) => x - t[i]);
    const fast = gaps(times('@fast.test'));
    const slow = gaps(times('@slow.test'));
    // full rate: one every 100 ms. Each gap is measured after its admission, so one late turn of a
    // loaded event loop shortens the next gap; the mean over the run holds the rate, each gap only
    // shows that nothing went out unspaced.
    const mean = (g: number[]) => g.reduce((x, y) => x + y, 0) / g.length;
    expect(mean(fast)).toBeGreaterThanOrEqual(95);
    for (const gap of fast) expect(gap).toBeGreaterThanOrEqual(50);
    expect(times('@fast.test').at(-1)! - times('@fast.test')[0]).toBeLessThan(7 * 100 + 400);
    // the deferring group: nothing for 300 ms after the first 421, then half rate, winning it back step by step
    const slowSends = recording.sends.filter((s) => s.to.endsWith('@slow.test'));
    const firstDeferral = Math.min(
      ...slowSends.filter((s) => s.result?.kind === 'refused').map((s) => s.answeredAt!),
    );
    const after = slowSends.filter((s) => s.at >= firstDeferral).map((s) => s.at);
    expect(after[0] - firstDeferral).toBeGreaterThanOrEqual(290);
    expect(gaps(after)[0]).toBeGreaterThanOrEqual(150);
    expect(mean(gaps(after))).toBeGreaterThanOrEqual(95);
    for (const gap of gaps(after)) expect(gap).toBeGreaterThanOrEqual(50);
    const span = (g: number[]) => g.reduce((a, b) => a + b, 0);
    expect(span(slow)).toBeGreaterThan(span(fast) + 300);
    expect(willing.acceptedCount).toBe(8);
    expect(deferring.acceptedCount).toBe(6);
  });
});
