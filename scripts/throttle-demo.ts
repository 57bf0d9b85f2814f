import { DnsZoneServer } from '../libs/testing/src/dns-zone';
import { SmtpCapture } from '../libs/testing/src/smtp-capture';
import { ProviderThrottle, type ThrottleSettings } from '../apps/sender/src/throttle/provider-throttle';
import { MxGroupLookup, ThrottledTransport } from '../apps/sender/src/throttle/throttled.transport';
import { realTimer } from '../apps/sender/src/throttle/timer';
import { DirectTransport } from '../apps/sender/src/transports/direct.transport';
import type { TransportResult } from '../apps/sender/src/transports/mail-transport';
import { isLoopback, MxResolver } from '../apps/sender/src/transports/mx-resolver';

/**
 * `node -r @swc/register scripts/throttle-demo.ts [per-group] [deferrals]`: the provider throttle
 * over direct delivery, all on loopback. A DNS server sends `fast.test` to an SMTP server on
 * 127.0.0.2 that accepts everything and `slow.test` to one on 127.0.0.3 that answers
 * `421 4.7.0 try again later` to its first messages; prints when each send started and how it
 * ended, per group, so the back-off of one group beside the full rate of the other shows.
 */
const settings: ThrottleSettings = {
  defaults: { maxConnections: 2, messagesPerConnection: 100, messagesPerMinute: 600 },
  groups: {},
  backoff: {
    initialPauseMs: 500,
    maxPauseMs: 4_000,
    successesPerStep: 3,
    stepFraction: 0.25,
    minRateFraction: 1 / 8,
  },
};

async function main(perGroup: number, deferrals: number): Promise<void> {
  let seen = 0;
  const willing = await SmtpCapture.start({ host: '127.0.0.2' });
  const deferring = await SmtpCapture.start({
    host: '127.0.0.3',
    port: willing.port,
    replies: () => (++seen <= deferrals ? { code: 421, message: '4.7.0 try again later' } : undefined),
  });
  const dns = await DnsZoneServer.start({
    'fast.test': { MX: [{ exchange: 'mx.willing.test', priority: 10 }] },
    'mx.willing.test': { A: ['127.0.0.2'] },
    'slow.test': { MX: [{ exchange: 'mx.deferring.test', priority: 10 }] },
    'mx.deferring.test': { A: ['127.0.0.3'] },
  });
  const clock = { now: () => new Date() };
  const mx = new MxResolver(dns.resolver(), { acceptAddress: isLoopback });
  const throttle = new ProviderThrottle(clock, settings);
  const started = new Map<string, number>();
  const direct = new DirectTransport({ mx, heloName: 'mta.demo.test', port: willing.port });
  const inner = {
    send: (mail: Parameters<DirectTransport['send']>[0]) => (
      started.set(mail.to, Date.now()),
      direct.send(mail)
    ),
    close: () => direct.close(),
  };
  const sut = new ThrottledTransport(inner, throttle, new MxGroupLookup(mx, clock), clock, realTimer, {
    maxWaitMs: 60_000,
  });
  const t0 = Date.now();
  const rows: {
    group: string;
    to: string;
    start: number;
    end: number;
    result: TransportResult;
    state: string;
  }[] = [];
  const mails = Array.from({ length: perGroup }, (_, i) => [`f${i}@fast.test`, `s${i}@slow.test`]).flat();
  await Promise.all(
    mails.map(async (to) => {
      const result = await sut.send({
        envelopeFrom: 'b@demo.test',
        to,
        raw: Buffer.from(`Subject: ${to}\r\n\r\nhi\r\n`),
      });
      const group = to.endsWith('@fast.test') ? 'mx:willing.test' : 'mx:deferring.test';
      const g = throttle.state().find((s) => s.group === group);
      const state = g
        ? `rate ${g.rate}/min${g.until ? `, paused until +${g.until.getTime() - t0} ms` : ''}`
        : '';
      rows.push({ group, to, start: started.get(to)! - t0, end: Date.now() - t0, result, state });
    }),
  );
  await sut.close();
  await Promise.all([willing.stop(), deferring.stop(), dns.stop()]);
  for (const group of ['mx:willing.test', 'mx:deferring.test']) {
    console.log(`\n${group}`);
    const mine = rows.filter((r) => r.group === group).sort((a, b) => a.start - b.start);
    let previous: number | undefined;
    for (const r of mine) {
      const outcome = r.result.kind === 'refused' ? r.result.reply : r.result.kind;
      const gap = previous === undefined ? '' : ` (+${r.start - previous})`;
      console.log(
        `  ${String(r.start).padStart(5)} ms${gap.padEnd(8)} ${r.to.padEnd(13)} ${outcome.padEnd(30)} then ${r.state}`,
      );
      previous = r.start;
    }
  }
}

main(Number(process.argv[2] ?? 10), Number(process.argv[3] ?? 2)).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
