import { retryDelayMs } from './retry-policy';

const BASE = 60_000;
const MAX = 3_600_000;
const noJitter = () => 0.5;
const lowest = () => 0;
const highest = () => 0.999999;

describe('retryDelayMs', () => {
  it('waits the base delay before the second attempt', () => {
    expect(retryDelayMs(1, BASE, MAX, noJitter)).toBe(BASE);
  });

  it('doubles the delay with every attempt', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, BASE, MAX, noJitter));

    expect(delays).toEqual([BASE, 2 * BASE, 4 * BASE, 8 * BASE, 16 * BASE]);
  });

  it('never waits longer than the maximum', () => {
    expect(retryDelayMs(7, BASE, MAX, noJitter)).toBe(MAX);
    expect(retryDelayMs(50, BASE, MAX, highest)).toBe(MAX);
    expect(retryDelayMs(2000, BASE, MAX, highest)).toBe(MAX);
  });

  it('spreads retries by at most 20% either way', () => {
    expect(retryDelayMs(3, BASE, MAX, lowest)).toBe(0.8 * 4 * BASE);
    expect(retryDelayMs(3, BASE, MAX, highest)).toBeCloseTo(1.2 * 4 * BASE, -1);
  });

  it('treats an attempt below 1 as the first', () => {
    expect(retryDelayMs(0, BASE, MAX, noJitter)).toBe(BASE);
    expect(retryDelayMs(-3, BASE, MAX, noJitter)).toBe(BASE);
  });

  it('always waits at least a millisecond, as a whole number', () => {
    expect(retryDelayMs(1, 1, MAX, lowest)).toBe(1);
    expect(Number.isInteger(retryDelayMs(1, 333, MAX, () => 0.123))).toBe(true);
  });

  it('keeps growing, within the jitter, whatever the random source says', () => {
    for (let attempt = 1; attempt < 6; attempt++) {
      const slowest = retryDelayMs(attempt, BASE, MAX, highest);
      const fastestNext = retryDelayMs(attempt + 1, BASE, MAX, lowest);
      expect(fastestNext).toBeGreaterThan(slowest);
    }
  });
});
