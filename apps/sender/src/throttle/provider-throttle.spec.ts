import fc from 'fast-check';
import {
  DEFAULT_THROTTLE_SETTINGS,
  ProviderThrottle,
  type ThrottleSettings,
  type ThrottleTicket,
} from './provider-throttle';
import { ManualTime } from './timer';

const settings: ThrottleSettings = {
  defaults: { maxConnections: 4, messagesPerConnection: 50, messagesPerMinute: 600 },
  groups: { google: { maxConnections: 2, messagesPerMinute: 120 } },
  backoff: {
    initialPauseMs: 1_000,
    maxPauseMs: 8_000,
    successesPerStep: 3,
    stepFraction: 0.25,
    minRateFraction: 1 / 16,
  },
};

function proceed(sut: ProviderThrottle, group: string): ThrottleTicket {
  const admission = sut.acquire(group);
  if (admission.kind !== 'proceed') throw new Error(`expected to proceed, got ${JSON.stringify(admission)}`);
  return admission.ticket;
}

/** Moves time to the next admission of the group and takes it. */
function whenAdmitted(sut: ProviderThrottle, time: ManualTime, group: string): ThrottleTicket {
  for (;;) {
    const admission = sut.acquire(group);
    if (admission.kind === 'proceed') return admission.ticket;
    if (!admission.until) throw new Error(`${group} waits for a connection`);
    time.advance(admission.until.getTime() - time.now().getTime());
  }
}

describe(ProviderThrottle.name, () => {
  let time: ManualTime;
  let sut: ProviderThrottle;

  beforeEach(() => {
    time = new ManualTime(Date.UTC(2027, 0, 4, 9));
    sut = new ProviderThrottle(time, settings);
  });

  it('takes per-group limits over the defaults', () => {
    expect(sut.limitsOf('google')).toEqual({
      maxConnections: 2,
      messagesPerConnection: 50,
      messagesPerMinute: 120,
    });
    expect(sut.limitsOf('mx:example.net')).toEqual(settings.defaults);
  });

  it('spaces admissions evenly at the group rate', () => {
    proceed(sut, 'mx:a.example');
    const next = sut.acquire('mx:a.example');
    expect(next).toEqual({ kind: 'wait', reason: 'rate', until: new Date(time.now().getTime() + 100) });
    time.advance(100);
    expect(sut.acquire('mx:a.example').kind).toBe('proceed');
  });

  it('holds the group at its connection limit until a send ends', () => {
    const tickets = [proceed(sut, 'google')];
    time.advance(500);
    tickets.push(proceed(sut, 'google'));
    time.advance(500);
    expect(sut.acquire('google')).toEqual({ kind: 'wait', reason: 'connections' });
    sut.release(tickets[0], 'accepted');
    expect(sut.acquire('google').kind).toBe('proceed');
  });

  it('halves the rate and pauses the group on a deferral, leaving other groups alone', () => {
    const ticket = proceed(sut, 'google');
    proceed(sut, 'mx:other.example');
    time.advance(10);
    sut.release(ticket, 'deferred');

    const [google] = sut.state().filter((s) => s.group === 'google');
    expect(google).toMatchObject({
      rate: 60,
      until: new Date(time.now().getTime() + 1_000),
      deferrals: 1,
      connections: 1,
    });
    expect(sut.acquire('google')).toMatchObject({ kind: 'wait', reason: 'paused' });
    time.advance(100);
    expect(sut.acquire('mx:other.example').kind).toBe('proceed');
  });

  it('doubles the pause on each further deferral, up to the maximum', () => {
    const pauses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const ticket = proceed(sut, 'mx:slow.example');
      sut.release(ticket, 'deferred');
      const until = sut.state()[0].until!.getTime();
      pauses.push(until - time.now().getTime());
      time.advance(until - time.now().getTime());
    }
    expect(pauses).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
    expect(sut.state()[0].rate).toBe(600 / 16);
  });

  it('counts answers to sends admitted before a slowdown as that one slowdown', () => {
    const inFlight = [proceed(sut, 'mx:a.example')];
    for (let i = 0; i < 3; i++) {
      time.advance(100);
      inFlight.push(proceed(sut, 'mx:a.example'));
    }
    time.advance(5);
    for (const ticket of inFlight) sut.release(ticket, 'deferred');
    expect(sut.state()[0]).toMatchObject({ rate: 300, deferrals: 1 });
  });

  it('wins the rate back step by step with sends made after the slowdown, and resets the back-off at full rate', () => {
    sut.release(proceed(sut, 'mx:a.example'), 'deferred');
    const rates: number[] = [];
    for (let i = 0; i < 9; i++) {
      sut.release(whenAdmitted(sut, time, 'mx:a.example'), 'accepted');
      rates.push(sut.state()[0].rate);
    }
    expect(rates).toEqual([300, 300, 450, 450, 450, 600, 600, 600, 600]);
    expect(sut.state()[0].deferrals).toBe(0);
  });

  it('shows the campaign view who is throttled until when', () => {
    sut.release(proceed(sut, 'yahoo'), 'deferred');
    expect(sut.state()).toEqual([
      {
        group: 'yahoo',
        until: new Date(time.now().getTime() + 1_000),
        rate: 300,
        fullRate: 600,
        inFlight: 0,
        connections: 2,
        deferrals: 1,
      },
    ]);
    time.advance(1_000);
    expect(sut.state()[0].until).toBeNull();
  });

  it('ships defaults for the three big providers', () => {
    const real = new ProviderThrottle(time);
    expect(real.limitsOf('google').messagesPerMinute).toBe(
      DEFAULT_THROTTLE_SETTINGS.groups.google.messagesPerMinute,
    );
    expect(real.limitsOf('yahoo').messagesPerConnection).toBe(20);
  });

  it('forgets idle groups at full speed past its size, and only those', () => {
    const small = new ProviderThrottle(time, settings, 2);
    const held = proceed(small, 'mx:busy.example');
    small.release(proceed(small, 'mx:idle.example'), 'accepted');
    time.advance(1_000);
    proceed(small, 'mx:third.example');
    expect(small.state().map((s) => s.group)).toEqual(['mx:busy.example', 'mx:third.example']);
    small.release(held, 'accepted');
  });
});

/** A random life of several groups: the property tests replay it and watch the throttle. */
type Step =
  | { op: 'acquire'; group: number }
  | { op: 'release'; group: number; pick: number; outcome: 'accepted' | 'deferred' | 'neutral' }
  | { op: 'advance'; ms: number };

const groups = ['google', 'microsoft', 'mx:a.example'];
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('acquire' as const), group: fc.nat(groups.length - 1) }),
  fc.record({
    op: fc.constant('release' as const),
    group: fc.nat(groups.length - 1),
    pick: fc.nat(1000),
    outcome: fc.constantFrom('accepted' as const, 'deferred' as const, 'neutral' as const),
  }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 3_000 }) }),
);

interface Trace {
  /** Per group, every answer acquire gave, as text, in order. */
  answers: Map<string, string[]>;
  admissions: Map<string, number[]>;
  maxInFlight: Map<string, number>;
  /** Per deferral: the group's rate and pause end just before and just after it. */
  deferrals: { before: { rate: number; until: number }; after: { rate: number; until: number } }[];
}

/** Replays a life; with `only`, the other groups' steps are left out (time still passes). */
function replay(steps: Step[], only?: string): Trace {
  const time = new ManualTime(0);
  const sut = new ProviderThrottle(time, settings);
  const open = new Map<string, ThrottleTicket[]>(groups.map((g) => [g, []]));
  const trace: Trace = { answers: new Map(), admissions: new Map(), maxInFlight: new Map(), deferrals: [] };
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);
  const view = (group: string) => {
    const g = sut.state().find((x) => x.group === group)!;
    return { rate: g.rate, until: g.until?.getTime() ?? 0 };
  };
  for (const s of steps) {
    if (s.op === 'advance') {
      time.advance(s.ms);
      continue;
    }
    const group = groups[s.group];
    if (only && group !== only) continue;
    const tickets = open.get(group)!;
    if (s.op === 'acquire') {
      const a = sut.acquire(group);
      push(trace.answers, group, JSON.stringify(a));
      if (a.kind === 'proceed') {
        tickets.push(a.ticket);
        push(trace.admissions, group, time.now().getTime());
        trace.maxInFlight.set(group, Math.max(trace.maxInFlight.get(group) ?? 0, tickets.length));
      }
    } else if (tickets.length > 0) {
      const [ticket] = tickets.splice(s.pick % tickets.length, 1);
      const before = view(group);
      sut.release(ticket, s.outcome);
      if (s.outcome === 'deferred') trace.deferrals.push({ before, after: view(group) });
    }
  }
  return trace;
}

const lives = fc.array(step, { maxLength: 300 });

describe(`${ProviderThrottle.name} properties`, () => {
  const limits = new ProviderThrottle(new ManualTime(0), settings);

  it('never lets a group exceed its connections or its messages per minute', () => {
    fc.assert(
      fc.property(lives, (steps) => {
        const trace = replay(steps);
        for (const group of groups) {
          const { maxConnections, messagesPerMinute } = limits.limitsOf(group);
          expect(trace.maxInFlight.get(group) ?? 0).toBeLessThanOrEqual(maxConnections);
          const times = trace.admissions.get(group) ?? [];
          for (let i = 0; i < times.length; i++) {
            const inMinute = times.filter((t) => t >= times[i] && t < times[i] + 60_000).length;
            expect(inMinute).toBeLessThanOrEqual(messagesPerMinute);
          }
          // never closer together than the full-rate spacing, so no burst either
          for (let i = 1; i < times.length; i++)
            expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(60_000 / messagesPerMinute - 1e-9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never speeds a group up on a deferral: its rate does not rise and its pause does not shorten', () => {
    fc.assert(
      fc.property(lives, (steps) => {
        for (const { before, after } of replay(steps).deferrals) {
          expect(after.rate).toBeLessThanOrEqual(before.rate);
          expect(after.until).toBeGreaterThanOrEqual(before.until);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('admits a group exactly as it would if the other groups did not exist', () => {
    fc.assert(
      fc.property(lives, fc.constantFrom(...groups), (steps, group) => {
        expect(replay(steps).answers.get(group) ?? []).toEqual(replay(steps, group).answers.get(group) ?? []);
      }),
      { numRuns: 300 },
    );
  });
});
