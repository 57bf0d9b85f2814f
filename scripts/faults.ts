import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import {
  amqpUrl,
  campaignSubmit,
  createTestDatabase,
  deleteNamespace,
  freePort,
  publishRaw,
  recipients,
  SmtpCapture,
  testNamespace,
} from '@postroom/testing';
import { faultFailed, tallyFault, TERMINAL, type FaultTally } from './faults/fault-tally';
import {
  logTail,
  spawnService,
  stopService,
  waitForHealth,
  type RunningService,
  type ServiceName,
} from './lib/services';

/**
 * `npm run faults [-- --n=20000] [--only=a,b] [--with-infra] [--env KEY=VALUE]…`: a script, not a test. For each
 * fault it runs a campaign of N recipients through the four services (compiled, as
 * operators run them) into an SMTP server of its own, does the fault once 30% are sent, waits
 * until every delivery is final, and compares the ledger with what the server received:
 * duplicates, lost (`sent`, never received), unaccounted (received, recorded neither `sent` nor
 * `unknown`), stuck (never final), unknown, and the seconds from the fault until all settled.
 * Prints one table; exits 1 on any duplicate, lost or stuck delivery.
 *
 * `--with-infra` adds the faults of the shared services: RabbitMQ stopped and started, Postgres
 * restarted. They interrupt everyone using them on this machine: run them alone.
 */

interface Fault {
  readonly name: string;
  readonly infra?: boolean;
  /** Does the fault; resolves once the system is back (restarted, reconnected, serving). */
  run(run: FaultRun): Promise<void>;
}

/** The queues of the four services, deleted with the run's namespace. */
const CONSUMERS = [
  'scheduler.campaign-submit',
  'sender.delivery-send',
  'sender.notification-send',
  'sender.sms-send',
  'bounce.bounce-received',
  'bounce.delivery-rejected',
];
const SETTLE_TIMEOUT_MS = 300_000;
const TRIGGER_FRACTION = 0.3;

const kill = (name: ServiceName): Fault => ({
  name: `SIGKILL ${name}`,
  async run(r) {
    const svc = r.services.get(name)!;
    svc.child.kill('SIGKILL');
    await svc.exited;
    await r.start(name);
  },
});

const FAULTS: readonly Fault[] = [
  kill('sender'),
  kill('scheduler'),
  // not on the send path, but killed all the same: the campaign must not notice
  kill('tracker'),
  kill('bounce'),
  {
    name: 'SMTP drops mid-DATA',
    async run(r) {
      // for two seconds every message's body is read and the connection dropped with no reply
      r.dropping = true;
      await sleep(2000);
      r.dropping = false;
    },
  },
  {
    name: 'RabbitMQ stop/start',
    infra: true,
    async run() {
      execFileSync('rabbitmqctl', ['stop_app'], { stdio: 'ignore' });
      await sleep(5000);
      execFileSync('rabbitmqctl', ['start_app'], { stdio: 'ignore' });
    },
  },
  {
    name: 'Postgres restart',
    infra: true,
    async run() {
      const version = fs.readdirSync('/etc/postgresql')[0];
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart'], {
        stdio: 'ignore',
      });
    },
  },
];

class FaultRun {
  readonly services = new Map<ServiceName, RunningService>();
  private readonly ports = new Map<ServiceName, number>();
  private bounceSmtpPort?: number;
  dropping = false;

  constructor(
    readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
  ) {}

  async start(name: ServiceName): Promise<void> {
    if (!this.ports.has(name)) this.ports.set(name, await freePort());
    const env = { ...this.env, [`${name.toUpperCase()}_PORT`]: String(this.ports.get(name)) };
    if (name === 'bounce') {
      this.bounceSmtpPort ??= await freePort();
      env.BOUNCE_SMTP_PORT = String(this.bounceSmtpPort);
    }
    const svc = spawnService(name, env, path.join(this.logDir, `${name}.log`));
    this.services.set(name, svc);
    await waitForHealth(`http://127.0.0.1:${this.ports.get(name)}/health`, 60_000, {
      label: name,
      exited: svc.exited,
    }).catch((err: Error) => {
      throw new Error(`${err.message}\n${logTail(svc)}`);
    });
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => stopService(s).catch(() => undefined)));
  }
}

interface Row extends FaultTally {
  fault: string;
  settle_s: number | null;
}

async function runFault(fault: Fault, n: number, overrides: Record<string, string>): Promise<Row> {
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postroom-faults-'));
  const db = await createTestDatabase();
  const namespace = testNamespace();
  let run: FaultRun | undefined;
  const smtp = await SmtpCapture.start({
    maxKept: 1,
    dropAfterData: () => run?.dropping ?? false,
  });
  const pg = new Client({ connectionString: db.url });
  try {
    run = new FaultRun(
      {
        PATH: process.env.PATH,
        DATABASE_URL: db.url,
        AMQP_URL: amqpUrl(),
        AMQP_NAMESPACE: namespace,
        POSTROOM_API_TOKEN: 'faults-token-0123456789abcdef',
        TRACKING_KEYS: 'f1:faults-tracking-secret-0123456789',
        SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        LOG_LEVEL: 'info',
        SCHEDULER_OPS_PORT: '0',
        SENDER_OPS_PORT: '0',
        TRACKER_OPS_PORT: '0',
        BOUNCE_OPS_PORT: '0',
        DEFAULT_DAILY_LIMIT: '10000000',
        MAX_DAILY_LIMIT: '10000000',
        RETRY_BASE_DELAY_MS: '200',
        RETRY_MAX_DELAY_MS: '1000',
        REDISPATCH_AFTER_MS: '5000',
        DISPATCH_MAX_IN_FLIGHT: '2000',
        ...overrides,
      },
      logDir,
    );
    for (const name of ['scheduler', 'sender', 'tracker', 'bounce'] as const) await run.start(name);
    pg.on('error', () => undefined); // a Postgres restart ends this connection; the loop below makes another
    await pg.connect();
    const body = campaignSubmit({ account: 'faults', recipients: recipients(n, 'faults.example') });
    await publishRaw(namespace, 'campaign.submit', JSON.stringify(body));
    let reader = pg;
    const counts = async () => {
      const res = await reader.query<{ status: string; n: number }>(
        `select status, count(*)::int as n from deliveries group by status`,
      );
      return Object.fromEntries(res.rows.map((r) => [r.status, r.n])) as Record<string, number>;
    };
    await until(
      async () => ((await counts()).sent ?? 0) >= n * TRIGGER_FRACTION,
      300_000,
      'the fault’s moment',
    );
    log(`faults: ${fault.name}`);
    const faultAt = performance.now();
    await fault.run(run);
    let settled: number | null = null;
    const deadline = faultAt + SETTLE_TIMEOUT_MS;
    while (performance.now() < deadline) {
      try {
        const c = await counts();
        const total = Object.values(c).reduce((a, b) => a + b, 0);
        const open = Object.entries(c)
          .filter(([s]) => !TERMINAL.includes(s))
          .reduce((a, [, k]) => a + k, 0);
        if (total === n && open === 0) {
          settled = (performance.now() - faultAt) / 1000;
          break;
        }
      } catch {
        // the ledger is restarting: a new connection on the next pass
        if (reader !== pg) await reader.end().catch(() => undefined);
        reader = new Client({ connectionString: db.url });
        reader.on('error', () => undefined);
        await reader.connect().catch(() => undefined);
      }
      await sleep(250);
    }
    const rows = await reader.query<{ email: string; status: string }>(
      `select email, status from deliveries`,
    );
    const received = smtp.countByRecipient();
    for (const m of smtp.dropped) for (const r of m.to) received.set(r, (received.get(r) ?? 0) + 1);
    if (reader !== pg) await reader.end().catch(() => undefined);
    return { fault: fault.name, ...tallyFault(rows.rows, received), settle_s: settled && round(settled) };
  } finally {
    await run?.stop();
    await pg.end().catch(() => undefined);
    await smtp.stop();
    await db.drop().catch(() => undefined);
    await deleteNamespace(namespace, CONSUMERS).catch(() => undefined);
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const n = Number(/^--n=(\d+)$/.exec(args.find((a) => a.startsWith('--n=')) ?? '')?.[1] ?? 20_000);
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice(7)
    .split(',');
  const infra = args.includes('--with-infra');
  const overrides = envOverrides(args);
  const faults = FAULTS.filter((f) => (infra || !f.infra) && (!only || only.some((o) => f.name.includes(o))));
  const rows: Row[] = [];
  for (const fault of faults) {
    const row = await runFault(fault, n, overrides);
    rows.push(row);
    log(`faults: ${JSON.stringify(row)}`);
  }
  const head = [
    'fault',
    'duplicates',
    'lost',
    'unaccounted',
    'stuck',
    'unknown',
    'sent',
    'settle_s',
  ] as const;
  const width = (k: (typeof head)[number]) => Math.max(k.length, ...rows.map((r) => String(r[k]).length));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width(head[i]))).join('  ');
  console.log(
    `faults: N=${n} per fault, load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores` +
      (Object.keys(overrides).length > 0 ? `, with ${JSON.stringify(overrides)}` : ''),
  );
  console.log(line([...head]));
  for (const r of rows) console.log(line(head.map((k) => String(r[k]))));
  if (!infra) console.log('(RabbitMQ and Postgres faults left out: --with-infra runs them)');
  return rows.some((r) => faultFailed(r) || r.settle_s === null) ? 1 : 0;
}

/** `--env KEY=VALUE` (or `--env=KEY=VALUE`), repeatable: operator settings for the services. */
function envOverrides(args: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  args.forEach((a, i) => {
    const pair = a === '--env' ? args[i + 1] : a.startsWith('--env=') ? a.slice(6) : undefined;
    if (pair === undefined) return;
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!m) throw new Error(`--env wants KEY=VALUE, got "${pair}"`);
    out[m[1]] = m[2];
  });
  return out;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    log(`faults failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
