import { DEFAULTS, parseBenchTrackerArgs, UsageError } from './bench-tracker-args';
import { foldPostgres } from './bench-tracker-proc';

describe(parseBenchTrackerArgs.name, () => {
  it('defaults to 5 rounds of 4 s and 50 connections on 5000 deliveries after a 2 s warmup', () => {
    expect(parseBenchTrackerArgs([])).toEqual({
      n: DEFAULTS.n,
      durationS: 4,
      rounds: 5,
      warmupS: 2,
      connections: 50,
      trackerNodeOptions: undefined,
      cpuProfileDir: undefined,
      help: false,
    });
  });

  it('takes each option in either spelling', () => {
    const sut = parseBenchTrackerArgs([
      '--duration=30',
      '--connections',
      '100',
      '--warmup=0',
      '--n',
      '20_000',
    ]);
    expect(sut).toMatchObject({ durationS: 30, connections: 100, warmupS: 0, n: 20_000 });
    expect(parseBenchTrackerArgs(['--rounds=3']).rounds).toBe(3);
    expect(parseBenchTrackerArgs(['--duration', '2.5s']).durationS).toBe(2.5);
    expect(parseBenchTrackerArgs(['--cpu-profile-dir=/tmp/p']).cpuProfileDir).toBe('/tmp/p');
    expect(parseBenchTrackerArgs(['-h']).help).toBe(true);
  });

  it('refuses what it cannot run', () => {
    for (const argv of [
      ['--duration=0'],
      ['--duration=soon'],
      ['--connections=0'],
      ['--connections=1.5'],
      ['--n=-1'],
      ['--warmup=-1'],
      ['--duration'],
      ['--rate=100'],
    ]) {
      expect(() => parseBenchTrackerArgs(argv)).toThrow(UsageError);
    }
  });
});

describe(foldPostgres.name, () => {
  it('sums the Postgres processes into one figure and keeps the others', () => {
    expect(foldPostgres({ server: 1.5, client: 0.5, machine: 2, pg10: 0.25, pg11: 0.5, pg12: null })).toEqual(
      {
        server: 1.5,
        client: 0.5,
        machine: 2,
        postgres: 0.75,
      },
    );
    expect(foldPostgres({ server: 1 })).toEqual({ server: 1, postgres: null });
  });
});
