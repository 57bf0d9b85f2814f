import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { backgroundLoad } from './bench-proc';
import { repoRoot } from '../lib/services';

/** Progress and problems of a benchmark go to stderr; its result alone goes to stdout. */
export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function message(err: unknown): string {
  if (err instanceof AggregateError) return err.errors.map(message).join('\n');
  return err instanceof Error ? err.message : String(err);
}

/** Steps that undo what the run created, run once, last first, each whatever the others did. */
export class Cleanup {
  private readonly steps: { label: string; run: () => Promise<unknown> }[] = [];
  private running?: Promise<void>;

  add(label: string, run: () => Promise<unknown>): void {
    if (this.running) {
      // created while already cleaning up (a signal came mid-step): undo it at once
      void run().catch((err: unknown) => log(`cleanup: ${label} failed: ${message(err)}`));
      return;
    }
    this.steps.push({ label, run });
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (err) {
          log(`cleanup: ${step.label} failed: ${message(err)}`);
        }
      }
    })();
    return this.running;
  }
}

/** A run's own database, broker namespace and work folder, named `<kind>_<random>`. */
export function benchResources(kind: string) {
  const rand = randomBytes(4).toString('hex');
  const database = new URL(process.env.DATABASE_URL || 'postgres://root@127.0.0.1:5432/postgres');
  database.pathname = `/postroom_${kind}_${rand}`;
  const amqpUrl = process.env.AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672';
  // deleteNamespace (libs/testing) reads the broker's URL from here
  process.env.AMQP_URL = amqpUrl;
  return {
    databaseUrl: database.toString(),
    amqpUrl,
    namespace: `postroom-${kind}-${rand}`,
    rand,
    workDir: path.join(repoRoot(), '.postroom', kind === 'bench' ? 'bench' : 'bench-tracker'),
  };
}

/** A bad command-line argument: the benchmark prints it with its usage and exits 2. */
export class UsageError extends Error {}

/**
 * A benchmark as a process: on SIGINT, SIGTERM or SIGHUP it runs the cleanup and exits 130 (a
 * second signal kills the children at once), and on exit it kills whatever children are left.
 */
export class BenchRun {
  readonly cleanup = new Cleanup();
  /** The signal that interrupted the run, if one did. */
  interrupted?: NodeJS.Signals;
  private readonly killers: (() => void)[] = [];

  constructor(private readonly name: string) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => {
        if (this.interrupted) {
          // a second Ctrl-C: do not wait for the cleanup
          this.killAll();
          process.exit(130);
        }
        this.interrupted = signal;
        log(`${name}: ${signal}: cleaning up…`);
        void this.cleanup.run().finally(() => process.exit(130));
      });
    }
    process.on('exit', () => this.killAll());
  }

  /** Synchronous last resort for the process' exit: children run in process groups of their own. */
  onExit(kill: () => void): void {
    this.killers.push(kill);
  }

  /** The parsed command line, or the exit code once the usage is printed (2: bad argument, 0: --help). */
  parseArgs<T extends { help: boolean }>(parse: () => T, usage: string): T | number {
    try {
      const args = parse();
      if (!args.help) return args;
      log(usage);
      return 0;
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      log(`${err.message}\n\n${usage}`);
      return 2;
    }
  }

  /** How busy the machine is before the run (see backgroundLoad), with a warning when it is. */
  async backgroundLoad(sampleMs: number): Promise<number> {
    const busy = await backgroundLoad(sampleMs);
    if (busy > 0.25) {
      log(
        `${this.name}: warning: the machine is already ${Math.round(busy * 100)}% busy; figures will be low and noisy`,
      );
    }
    return busy;
  }

  throwIfInterrupted(): void {
    if (this.interrupted) throw new Error(`interrupted by ${this.interrupted}`);
  }

  /** Runs `main` and exits with its code; a failure it did not handle is logged, cleaned up, exit 1. */
  start(main: () => Promise<number>): void {
    main().then(
      (code) => process.exit(code),
      async (err: unknown) => {
        log(`${this.name} failed: ${message(err)}`);
        await this.cleanup.run();
        process.exit(1);
      },
    );
  }

  private killAll(): void {
    for (const kill of this.killers) kill();
  }
}
