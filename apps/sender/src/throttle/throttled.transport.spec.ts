import type { MailTransport, OutgoingMail, TransportResult } from '../transports/mail-transport';
import type { MxResolution } from '../transports/mx-resolver';
import { ProviderThrottle, type ThrottleSettings } from './provider-throttle';
import { MxGroupLookup, ThrottledTransport } from './throttled.transport';
import { ManualTime } from './timer';

const settings: ThrottleSettings = {
  defaults: { maxConnections: 2, messagesPerConnection: 100, messagesPerMinute: 600 },
  groups: {},
  backoff: {
    initialPauseMs: 1_000,
    maxPauseMs: 8_000,
    successesPerStep: 2,
    stepFraction: 0.5,
    minRateFraction: 1 / 8,
  },
};

/** Answers each send when the test says so; remembers when each one started. */
class HeldTransport implements MailTransport {
  readonly started: { to: string; at: number; answer: (r: TransportResult) => void }[] = [];
  closed = false;
  constructor(private readonly time: ManualTime) {}
  send(mail: OutgoingMail): Promise<TransportResult> {
    return new Promise((answer) => this.started.push({ to: mail.to, at: this.time.now().getTime(), answer }));
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

const byDomain = {
  groupOf: async (domain: string) => (domain.startsWith('slow') ? 'mx:slow.test' : 'mx:fast.test'),
};
const mail = (to: string): OutgoingMail => ({ envelopeFrom: 'b@shop.test', to, raw: Buffer.from('x') });
const accepted: TransportResult = { kind: 'accepted', reply: '250 OK' };
const deferred: TransportResult = {
  kind: 'refused',
  code: 421,
  reply: '421 4.7.0 try again later',
  bodySent: false,
};
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe(ThrottledTransport.name, () => {
  let time: ManualTime;
  let inner: HeldTransport;
  let throttle: ProviderThrottle;
  let sut: ThrottledTransport;

  beforeEach(() => {
    time = new ManualTime(0);
    inner = new HeldTransport(time);
    throttle = new ProviderThrottle(time, settings);
    sut = new ThrottledTransport(inner, throttle, byDomain, time, time, { maxWaitMs: 5_000 });
  });

  it('spaces a group’s sends at its rate and caps them at its connections, in arrival order', async () => {
    const results = ['a', 'b', 'c'].map((n) => sut.send(mail(`${n}@fast.test`)));
    await flush();
    expect(inner.started.map((s) => [s.to, s.at])).toEqual([['a@fast.test', 0]]);
    time.advance(100);
    await flush();
    expect(inner.started.map((s) => s.to)).toEqual(['a@fast.test', 'b@fast.test']);
    time.advance(100);
    await flush();
    expect(inner.started).toHaveLength(2); // two connections busy
    inner.started[0].answer(accepted);
    await flush();
    expect(inner.started.map((s) => [s.to, s.at])).toEqual([
      ['a@fast.test', 0],
      ['b@fast.test', 100],
      ['c@fast.test', 200],
    ]);
    inner.started[1].answer(accepted);
    inner.started[2].answer(accepted);
    expect(await Promise.all(results)).toEqual([accepted, accepted, accepted]);
  });

  it('pauses the group that answered 421 and lets the other group go on', async () => {
    const slow = sut.send(mail('x@slow.test'));
    await flush();
    inner.started[0].answer(deferred);
    expect(await slow).toEqual(deferred);

    const slowAgain = sut.send(mail('y@slow.test'));
    const fast = sut.send(mail('z@fast.test'));
    await flush();
    expect(inner.started.map((s) => s.to)).toEqual(['x@slow.test', 'z@fast.test']);
    expect(throttle.state().find((g) => g.group === 'mx:slow.test')).toMatchObject({
      rate: 300,
      until: new Date(1_000),
    });
    time.advance(1_000);
    await flush();
    expect(inner.started.map((s) => [s.to, s.at])).toEqual([
      ['x@slow.test', 0],
      ['z@fast.test', 0],
      ['y@slow.test', 1_000],
    ]);
    inner.started[1].answer(accepted);
    inner.started[2].answer(accepted);
    await Promise.all([slowAgain, fast]);
  });

  it('gives a send back as not-sent when its group would keep it waiting past maxWaitMs', async () => {
    for (let i = 0; i < 4; i++) {
      const send = sut.send(mail(`d${i}@slow.test`));
      await flush();
      inner.started[i].answer(deferred);
      await send;
      if (i < 3) time.advance(throttle.state()[0].until!.getTime() - time.now().getTime());
    }
    // the fourth deferral pauses the group for 8 s, past maxWaitMs
    inner.started.length = 0;
    expect(await sut.send(mail('late@slow.test'))).toEqual({
      kind: 'not-sent',
      reason: expect.stringMatching(/^throttled: provider group mx:slow\.test waits until /),
      // the ledger's retry is due when the pause ends, not before
      retryAt: throttle.state()[0].until,
    });
    expect(inner.started).toHaveLength(0);
  });

  it('reports a thrown send to the throttle as neutral and frees its connection', async () => {
    const failing: MailTransport = {
      send: () => Promise.reject(new Error('boom')),
      close: async () => undefined,
    };
    const sutFailing = new ThrottledTransport(failing, throttle, byDomain, time, time);
    await expect(sutFailing.send(mail('a@fast.test'))).rejects.toThrow('boom');
    expect(throttle.state()[0]).toMatchObject({ inFlight: 0, rate: 600 });
  });

  it('answers waiting sends not-sent on close, and closes the inner transport', async () => {
    const first = sut.send(mail('a@fast.test'));
    const second = sut.send(mail('b@fast.test'));
    await flush();
    await sut.close();
    expect(await second).toEqual({ kind: 'not-sent', reason: 'transport closed' });
    expect(inner.closed).toBe(true);
    expect(time.pending).toBe(0);
    inner.started[0].answer(accepted);
    await first;
  });
});

describe(MxGroupLookup.name, () => {
  const answers: Record<string, MxResolution> = {
    'shop.test': {
      kind: 'targets',
      domain: 'shop.test',
      implicit: false,
      targets: [{ host: 'aspmx.l.google.com', preference: 1, addresses: ['192.0.2.1'] }],
    },
    'plain.test': {
      kind: 'targets',
      domain: 'plain.test',
      implicit: true,
      targets: [{ host: 'plain.test', preference: 0, addresses: ['192.0.2.2'] }],
    },
    'flaky.test': { kind: 'temporary', domain: 'flaky.test', detail: 'ETIMEOUT' },
  };

  it('groups by MX, remembers it for the TTL, and asks again after a temporary failure', async () => {
    const asked: string[] = [];
    const time = new ManualTime(0);
    const sut = new MxGroupLookup({ resolve: async (d) => (asked.push(d), answers[d]) }, time, 1_000);
    expect(await sut.groupOf('shop.test')).toBe('google');
    expect(await sut.groupOf('shop.test')).toBe('google');
    expect(await sut.groupOf('plain.test')).toBe('mx:plain.test');
    expect(await sut.groupOf('flaky.test')).toBe('mx:flaky.test');
    await sut.groupOf('flaky.test');
    time.advance(1_000);
    await sut.groupOf('shop.test');
    expect(asked).toEqual(['shop.test', 'plain.test', 'flaky.test', 'flaky.test', 'shop.test']);
  });
});
