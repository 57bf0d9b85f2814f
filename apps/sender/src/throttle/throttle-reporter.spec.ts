import type { Ledger, ThrottledGroupRow, ThrottleStore } from '@postroom/ledger';
import { Metrics } from '@postroom/metrics';
import pino from 'pino';
import type { MailTransport, OutgoingMail, TransportResult } from '../transports/mail-transport';
import { ProviderThrottle, type ThrottleSettings } from './provider-throttle';
import { ThrottleMetrics, ThrottleReporter } from './throttle-reporter';
import { ThrottledTransport } from './throttled.transport';
import { ManualTime } from './timer';

const settings: ThrottleSettings = {
  defaults: { maxConnections: 2, messagesPerConnection: 100, messagesPerMinute: 600 },
  groups: {},
  backoff: {
    initialPauseMs: 60_000,
    maxPauseMs: 600_000,
    successesPerStep: 2,
    stepFraction: 0.25,
    minRateFraction: 1 / 8,
  },
};

/** Answers 421 for slow.test, 250 for the rest. */
const sink: MailTransport = {
  send: async (mail: OutgoingMail): Promise<TransportResult> =>
    mail.to.endsWith('@slow.test')
      ? { kind: 'refused', code: 421, reply: '421 4.7.0 try again later', bodySent: false }
      : { kind: 'accepted', reply: '250 ok' },
  close: async () => undefined,
};

class RecordingStore {
  readonly written: ThrottledGroupRow[][] = [];
  async record(_sql: unknown, rows: readonly ThrottledGroupRow[]): Promise<void> {
    this.written.push([...rows]);
  }
}

describe(ThrottleReporter.name, () => {
  it('writes the paused group for the campaign once per flush, and counts deferrals by group', async () => {
    const time = new ManualTime(new Date('2030-05-01T10:00:00Z'));
    const throttle = new ProviderThrottle(time, settings);
    const groups = { groupOf: async (domain: string) => `mx:${domain}` };
    const store = new RecordingStore();
    const metrics = new Metrics('sender');
    const sut = new ThrottleReporter(
      new ThrottledTransport(sink, throttle, groups, time, time, { maxWaitMs: 1000 }),
      {
        throttle,
        groups,
        store: store as unknown as ThrottleStore,
        ledger: {} as Ledger,
        metrics: new ThrottleMetrics(metrics),
        clock: time,
        logger: pino({ level: 'silent' }),
      },
      60_000,
    );
    const mail = (to: string): OutgoingMail => ({
      envelopeFrom: 'b@x',
      to,
      raw: Buffer.from('x'),
      campaignId: 'c1',
    });

    const results = await Promise.all([
      sut.send(mail('a@slow.test')),
      sut.send(mail('b@slow.test')),
      sut.send(mail('c@fast.test')),
    ]);
    await sut.flush();

    expect(results.map((r) => r.kind)).toEqual(['refused', 'not-sent', 'accepted']);
    expect(store.written).toEqual([
      [
        {
          campaignId: 'c1',
          group: 'mx:slow.test',
          until: new Date('2030-05-01T10:01:00Z'),
          rate: 300,
          fullRate: 600,
          deferrals: 1,
        },
      ],
    ]);
    // the second waited for its turn (one per 100 ms) and met the pause: turned away, like a later one,
    // each retried when the pause ends
    const late = await sut.send(mail('d@slow.test'));
    expect(late).toMatchObject({ kind: 'not-sent', retryAt: new Date('2030-05-01T10:01:00Z') });
    const text = await metrics.registry.metrics();
    expect(text).toContain('postroom_provider_deferrals_total{group="mx:slow.test",service="sender"} 1');
    expect(text).toContain('postroom_provider_throttled_total{group="mx:slow.test",service="sender"} 2');
    await sut.close();
  });
});
