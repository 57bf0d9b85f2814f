import fc from 'fast-check';
import { backoffDelay, retrying, type Backoff } from './backoff';

const policy: Backoff = { baseMs: 1000, maxMs: 60_000, jitter: 0.2 };
const noJitter = () => 0.5;
const lowest = () => 0;
const highest = () => 0.999999;

describe(backoffDelay.name, () => {
  it('starts at the base and doubles per attempt', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, policy, noJitter));

    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000]);
  });

  it('is capped at the maximum, even with jitter and absurd attempt counts', () => {
    expect(backoffDelay(7, policy, noJitter)).toBe(60_000);
    expect(backoffDelay(50, policy, highest)).toBe(60_000);
    expect(backoffDelay(2000, policy, highest)).toBe(60_000);
  });

  it('spreads by the jitter fraction around the delay', () => {
    expect(backoffDelay(3, policy, lowest)).toBe(3200);
    expect(backoffDelay(3, policy, highest)).toBeCloseTo(4800, -1);
    expect(backoffDelay(3, { baseMs: 1000, maxMs: 60_000 }, highest)).toBe(4000);
  });

  it('treats attempts below 1 as the first, and never waits less than 1 ms', () => {
    expect(backoffDelay(0, policy, noJitter)).toBe(1000);
    expect(backoffDelay(-3, policy, noJitter)).toBe(1000);
    expect(backoffDelay(1, { baseMs: 1, maxMs: 10, jitter: 0.2 }, lowest)).toBe(1);
  });

  it('never waits less for a later attempt, jitter aside, and stays within [1, max]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 10_000 }), (attempt, base) => {
        const p = { baseMs: base, maxMs: 100_000 };
        const now = backoffDelay(attempt, p);
        expect(backoffDelay(attempt + 1, p)).toBeGreaterThanOrEqual(now);
        expect(now).toBeGreaterThanOrEqual(1);
        expect(now).toBeLessThanOrEqual(100_000);
      }),
    );
  });
});

describe(retrying.name, () => {
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);

  beforeEach(() => {
    waits.length = 0;
  });

  it('returns the first success, waiting the back-off between failures', async () => {
    let calls = 0;

    const result = await retrying(
      async (attempt) => {
        calls++;
        if (attempt < 3) throw new Error(`fail ${attempt}`);
        return 'done';
      },
      { attempts: 5, backoff: { baseMs: 100, maxMs: 1000 }, sleep },
    );

    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(waits).toEqual([100, 200]);
  });

  it('throws the last error once the attempts are spent', async () => {
    const sut = retrying(
      async (attempt) => {
        throw new Error(`fail ${attempt}`);
      },
      { attempts: 3, backoff: { baseMs: 10, maxMs: 1000 }, sleep },
    );

    await expect(sut).rejects.toThrow('fail 3');
    expect(waits).toEqual([10, 20]);
  });

  it('stops at once when retryIf says so, and tells onRetry of every wait', async () => {
    const told: Array<[number, number]> = [];

    const sut = retrying(
      async (attempt) => {
        throw new Error(attempt === 2 ? 'fatal' : 'transient');
      },
      {
        attempts: 10,
        backoff: { baseMs: 10, maxMs: 1000 },
        retryIf: (err) => (err as Error).message !== 'fatal',
        onRetry: (_err, attempt, delay) => told.push([attempt, delay]),
        sleep,
      },
    );

    await expect(sut).rejects.toThrow('fatal');
    expect(told).toEqual([[1, 10]]);
  });
});
