import { UsageError } from './bench-cleanup';
import { schedulerEnv, senderEnv } from '@postroom/config';

/** What `npm run bench` was asked to do. */
export interface BenchArgs {
  /** Recipients in the campaign, and messages in the raw run. */
  n: number;
  /** `auto` takes Postfix's smtp-sink when installed, else the Node sink. */
  sink: 'auto' | 'smtp-sink' | 'node';
  /** Operator settings passed to the services (`--env KEY=VALUE`), e.g. SENDER_PREFETCH. */
  overrides: Record<string, string>;
  /** Sender and scheduler processes of the last run; above 1, runs with fewer go first (a scaling table). */
  senders: number;
  schedulers: number;
  help: boolean;
}

/** Processes of each service at most. */
export const MAX_PROCESSES = 16;

/**
 * The runs of a scaling table: one sender and one scheduler, then one sender more per run up to
 * `senders`, then one scheduler more per run up to `schedulers`.
 */
export function scalingSteps(
  senders: number,
  schedulers: number,
): Array<{ senders: number; schedulers: number }> {
  const steps = [];
  for (let s = 1; s <= senders; s++) steps.push({ senders: s, schedulers: 1 });
  for (let m = 2; m <= schedulers; m++) steps.push({ senders, schedulers: m });
  return steps;
}

export const DEFAULT_N = 20_000;
/** The campaign.submit schema's limit on recipients. */
export const MAX_N = 1_000_000;

/** Variables the bench sets itself: a run's database, namespace, ports, sink and token. */
export const OWNED_VARS = [
  'DATABASE_URL',
  'AMQP_URL',
  'AMQP_NAMESPACE',
  'LOG_LEVEL',
  'HTTP_HOST',
  'SCHEDULER_PORT',
  'SENDER_PORT',
  'SCHEDULER_OPS_PORT',
  'SENDER_OPS_PORT',
  'SMTP_URL',
  'POSTROOM_API_TOKEN',
] as const;

/** Variables an operator may tune for a run: every scheduler and sender setting the bench does not own. */
export const TUNABLE_VARS: readonly string[] = [
  ...new Set([...Object.keys(schedulerEnv), ...Object.keys(senderEnv)]),
].filter((name) => !(OWNED_VARS as readonly string[]).includes(name));

export const USAGE = `usage: npm run bench -- [--n=<recipients>] [--sink=auto|smtp-sink|node] [--senders N] [--schedulers M] [--env KEY=VALUE]...

  --n        recipients in the campaign and messages in the raw run (default ${DEFAULT_N}; or BENCH_N)
  --sink     SMTP sink: Postfix smtp-sink when installed (auto, default; or BENCH_SINK), or a Node sink
  --senders, --schedulers
             processes of each (default 1, at most ${MAX_PROCESSES}); above 1 the campaign is run with 1 of each,
             then one sender more per run, then one scheduler more, and a scaling table is printed
  --env      an operator setting for the services, e.g. --env SENDER_PREFETCH=32 (repeatable);
             one of ${TUNABLE_VARS.join(', ')}

Prints one JSON line on stdout; progress goes to stderr. Exits 1 when not every delivery was sent.`;

export { UsageError } from './bench-cleanup';

/** Parses the command line (`argv` without node and the script) and the BENCH_* variables. */
export function parseBenchArgs(argv: readonly string[], env: NodeJS.ProcessEnv): BenchArgs {
  let n: string | undefined = env.BENCH_N;
  let sink: string | undefined = env.BENCH_SINK;
  const overrides: Record<string, string> = {};
  let senders: string | undefined;
  let schedulers: string | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    const value = (): string => {
      if (eq !== -1) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '--n':
        n = value();
        break;
      case '--sink':
        sink = value();
        break;
      case '--senders':
        senders = value();
        break;
      case '--schedulers':
        schedulers = value();
        break;
      case '--env': {
        const setting = value();
        const at = setting.indexOf('=');
        const key = at === -1 ? setting : setting.slice(0, at);
        if (at === -1) throw new UsageError(`--env ${setting}: expected KEY=VALUE`);
        if (!TUNABLE_VARS.includes(key)) {
          throw new UsageError(
            (OWNED_VARS as readonly string[]).includes(key)
              ? `--env ${key}: the bench sets ${key} itself`
              : `--env ${key}: not a scheduler or sender setting`,
          );
        }
        overrides[key] = setting.slice(at + 1);
        break;
      }
      case '--help':
      case '-h':
        help = true;
        break;
      default:
        throw new UsageError(`unknown argument ${JSON.stringify(arg)}`);
    }
  }
  return {
    n: parseCount(n),
    sink: parseSink(sink),
    overrides,
    senders: parseProcesses('--senders', senders),
    schedulers: parseProcesses('--schedulers', schedulers),
    help,
  };
}

function parseProcesses(flag: string, raw: string | undefined): number {
  if (raw === undefined) return 1;
  if (!/^\d+$/.test(raw.trim()))
    throw new UsageError(`${flag} ${JSON.stringify(raw)}: expected a whole number`);
  const n = Number(raw.trim());
  if (n < 1 || n > MAX_PROCESSES) throw new UsageError(`${flag} ${n}: expected 1 to ${MAX_PROCESSES}`);
  return n;
}

function parseCount(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_N;
  const text = raw.trim().replace(/_/g, '');
  if (!/^\d+$/.test(text)) throw new UsageError(`N=${JSON.stringify(raw)}: expected a whole number`);
  const n = Number(text);
  if (n < 1 || n > MAX_N) throw new UsageError(`N=${n}: expected 1 to ${MAX_N}`);
  return n;
}

function parseSink(raw: string | undefined): BenchArgs['sink'] {
  if (raw === undefined || raw === '') return 'auto';
  if (raw === 'auto' || raw === 'smtp-sink' || raw === 'node') return raw;
  throw new UsageError(`sink ${JSON.stringify(raw)}: expected auto, smtp-sink or node`);
}
