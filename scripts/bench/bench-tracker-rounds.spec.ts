import type { LoadResult } from './bench-tracker-load';
import { combine, median, roundRatios, type Measured } from './bench-tracker-rounds';

const run = (ok: number, seconds: number, p99: number, extra: Partial<LoadResult> = {}): LoadResult => ({
  seconds,
  ok,
  non2xx: 0,
  errors: 0,
  timeouts: 0,
  rps: ok / seconds,
  latencyMs: { p50: p99 / 2, p99, max: p99 * 2 },
  validOk: ok,
  validUnanswered: 0,
  drained: 10,
  answered: ok + 10,
  ...extra,
});
const measured = (r: LoadResult, server: number | null, wallS = r.seconds): Measured => ({
  run: r,
  cpu: { server, client: 1 },
  wallS,
});

describe('bench:tracker rounds', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('adds counts, seconds and CPU over the rounds and takes the median p99 and the largest max', () => {
    const sut = combine([
      measured(run(100, 1, 5), 0.5),
      measured(run(300, 1, 9, { errors: 2 }), 0.7),
      measured(run(200, 2, 7), 0.8),
    ]);

    expect(sut.run).toMatchObject({ ok: 600, seconds: 4, rps: 150, errors: 2, answered: 630, validOk: 600 });
    expect(sut.run.latencyMs).toEqual({ p50: 3.5, p99: 7, max: 18 });
    expect(sut.cpu.server).toBeCloseTo(2.0);
    expect(sut.cpu.client).toBe(3);
    expect(sut.wallS).toBe(4);
  });

  it('reports CPU as unknown when one round could not read it', () => {
    expect(combine([measured(run(1, 1, 1), 0.5), measured(run(1, 1, 1), null)]).cpu.server).toBeNull();
  });

  it('pairs the rounds in order for the ratios', () => {
    const tracker = [measured(run(60, 1, 1), 1), measured(run(30, 1, 1), 1)];
    const bare = [measured(run(100, 1, 1), 1), measured(run(100, 1, 1), 1)];

    expect(roundRatios(tracker, bare)).toEqual([0.6, 0.3]);
  });
});
