import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { repoRoot } from './services';

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
