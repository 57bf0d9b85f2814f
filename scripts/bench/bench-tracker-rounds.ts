import type { LoadResult } from './bench-tracker-load';

/** One server's measured load in one round, with the CPU it cost. */
export interface Measured {
  readonly run: LoadResult;
  /** CPU seconds by process (server, client, postgres, machine); null where unreadable. */
  readonly cpu: Record<string, number | null>;
  readonly wallS: number;
}

export interface Combined {
  /** The rounds as one load: counts and seconds added, rps over the added windows, latencies the rounds' median (max: the largest). */
  readonly run: LoadResult;
  readonly cpu: Record<string, number | null>;
  readonly wallS: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One server's rounds combined. */
export function combine(rounds: readonly Measured[]): Combined {
  const sum = (pick: (r: LoadResult) => number) => rounds.reduce((acc, m) => acc + pick(m.run), 0);
  const seconds = sum((r) => r.seconds);
  const ok = sum((r) => r.ok);
  const run: LoadResult = {
    seconds,
    ok,
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    rps: seconds > 0 ? ok / seconds : 0,
    latencyMs: {
      p50: median(rounds.map((m) => m.run.latencyMs.p50)),
      p99: median(rounds.map((m) => m.run.latencyMs.p99)),
      max: Math.max(...rounds.map((m) => m.run.latencyMs.max)),
    },
    validOk: sum((r) => r.validOk),
    validUnanswered: sum((r) => r.validUnanswered),
    drained: sum((r) => r.drained),
    answered: sum((r) => r.answered),
  };
  const cpu: Record<string, number | null> = {};
  for (const m of rounds) {
    for (const [name, value] of Object.entries(m.cpu)) {
      const before = name in cpu ? cpu[name] : 0;
      cpu[name] = before === null || value === null ? null : before + value;
    }
  }
  return { run, cpu, wallS: rounds.reduce((acc, m) => acc + m.wallS, 0) };
}

/** tracker/bare requests per second in each round, the servers' rounds paired in order. */
export function roundRatios(tracker: readonly Measured[], bare: readonly Measured[]): number[] {
  return tracker.map((t, i) => (bare[i] && bare[i].run.rps > 0 ? t.run.rps / bare[i].run.rps : NaN));
}
