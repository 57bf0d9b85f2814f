import { UsageError } from './bench-cleanup';
/** What `npm run bench:tracker` was asked to do. */
export interface BenchTrackerArgs {
  /** Distinct deliveries (one signed open token each) the requests cycle over. */
  n: number;
  /** Seconds of measured load on each server, in each round. */
  durationS: number;
  /** Rounds of measured load, the two servers taking turns (background work hits both alike). */
  rounds: number;
  /** Seconds of unmeasured load on each server first (JIT, pools, connections). */
  warmupS: number;
  /** Concurrent keep-alive connections autocannon holds to each server. */
  connections: number;
  /** NODE_OPTIONS for the tracker child only, e.g. `--max-semi-space-size=32`. */
  trackerNodeOptions?: string;
  /** Writes CPU profiles of both servers (their whole run) to this folder. */
  cpuProfileDir?: string;
  help: boolean;
}

export const DEFAULTS = { n: 5000, durationS: 4, rounds: 5, warmupS: 2, connections: 50 } as const;

export const USAGE = `usage: npm run bench:tracker -- [--duration=<s>] [--rounds=<r>] [--connections=<c>] [--warmup=<s>]
                               [--n=<deliveries>] [--tracker-node-options=<flags>] [--cpu-profile-dir=<dir>]

  --duration      seconds of measured load on each server in each round (default ${DEFAULTS.durationS})
  --rounds        rounds of measured load, the servers taking turns (default ${DEFAULTS.rounds}); the
                  ratio is the median of the rounds' ratios
  --connections   concurrent connections to each server (default ${DEFAULTS.connections})
  --warmup        seconds of unmeasured load on each server first (default ${DEFAULTS.warmupS}; 0: none)
  --n             distinct deliveries, one signed open token each, the requests cycle over (default ${DEFAULTS.n})
  --tracker-node-options
                  NODE_OPTIONS for the tracker process only, e.g. "--max-semi-space-size=32"
  --cpu-profile-dir
                  write CPU profiles of both servers (their whole run) to tracker.cpuprofile and
                  bare.cpuprofile in this folder (Node refuses --cpu-prof in NODE_OPTIONS)

Loads GET /o/:token of the tracker and of a bare Fastify server answering the same GIF, one
Node process each, and checks that every open the tracker answered reached the ledger. Prints
one JSON line on stdout; progress goes to stderr. Exits 1 when the ledger does not hold exactly
the opens answered.`;

export { UsageError } from './bench-cleanup';

/** Parses the command line (`argv` without node and the script). */
export function parseBenchTrackerArgs(argv: readonly string[]): BenchTrackerArgs {
  const raw: Record<string, string> = {};
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (
      ![
        '--duration',
        '--rounds',
        '--connections',
        '--warmup',
        '--n',
        '--tracker-node-options',
        '--cpu-profile-dir',
      ].includes(name)
    ) {
      throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else value = argv[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    raw[name.slice(2)] = value;
  }
  return {
    n: count('n', raw.n, DEFAULTS.n, 1, 1_000_000),
    durationS: seconds('duration', raw.duration, DEFAULTS.durationS, 1),
    rounds: count('rounds', raw.rounds, DEFAULTS.rounds, 1, 100),
    warmupS: seconds('warmup', raw.warmup, DEFAULTS.warmupS, 0),
    connections: count('connections', raw.connections, DEFAULTS.connections, 1, 10_000),
    trackerNodeOptions: raw['tracker-node-options'] || undefined,
    cpuProfileDir: raw['cpu-profile-dir'] || undefined,
    help,
  };
}

function count(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const text = raw.trim().replace(/_/g, '');
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name}=${JSON.stringify(raw)}: expected a whole number`);
  const value = Number(text);
  if (value < min || value > max) throw new UsageError(`--${name}=${value}: expected ${min} to ${max}`);
  return value;
}

function seconds(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const text = raw.trim().replace(/s$/, '');
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value < min || value > 3600) {
    throw new UsageError(`--${name}=${JSON.stringify(raw)}: expected seconds from ${min} to 3600`);
  }
  return value;
}
