import { Client } from 'pg';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import {
  amqpUrl,
  createTestDatabase,
  deleteNamespace,
  freePort,
  SmtpCapture,
  testNamespace,
  type SmtpCaptureOptions,
  type TestDatabase,
} from '@postroom/testing';
import {
  logTail,
  spawnService,
  stopService,
  waitForHealth,
  type RunningService,
} from '../../scripts/lib/services';

export const API_TOKEN = 'e2e-token-0123456789abcdef';
export const TRACKING_KEYS = 'e2e1:e2e-tracking-secret-0123456789';
const CONSUMERS = [
  'scheduler.campaign-submit',
  'sender.delivery-send',
  'sender.notification-send',
  'sender.sms-send',
  'bounce.delivery-rejected',
  'bounce.bounce-received',
];
const PORT_VARS = {
  scheduler: 'SCHEDULER_PORT',
  sender: 'SENDER_PORT',
  tracker: 'TRACKER_PORT',
  bounce: 'BOUNCE_PORT',
} as const;
const OPS_PORT_VARS = {
  scheduler: 'SCHEDULER_OPS_PORT',
  sender: 'SENDER_OPS_PORT',
  tracker: 'TRACKER_OPS_PORT',
  bounce: 'BOUNCE_OPS_PORT',
} as const;
type ServiceName = keyof typeof PORT_VARS;

/**
 * The running pipeline for one end-to-end test file: a fresh database, a namespace of its own
 * on the broker, an SMTP capture server, and the compiled services as child processes.
 */
export class Pipeline {
  readonly services = new Map<ServiceName, RunningService>();
  readonly ports = new Map<ServiceName, number>();
  /** Each service's ops listener (`/metrics`), on 127.0.0.1. */
  readonly opsPorts = new Map<ServiceName, number>();
  private readonly logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postroom-e2e-'));
  db!: Client;

  private constructor(
    readonly database: TestDatabase,
    readonly namespace: string,
    readonly smtp: SmtpCapture,
    readonly env: NodeJS.ProcessEnv,
  ) {}

  static async start(
    opts: { smtp?: SmtpCaptureOptions; env?: Record<string, string>; services?: ServiceName[] } = {},
  ): Promise<Pipeline> {
    const database = await createTestDatabase();
    const namespace = testNamespace();
    const smtp = await SmtpCapture.start(opts.smtp ?? {});
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      DATABASE_URL: database.url,
      AMQP_URL: amqpUrl(),
      AMQP_NAMESPACE: namespace,
      POSTROOM_API_TOKEN: API_TOKEN,
      TRACKING_KEYS: TRACKING_KEYS,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      LOG_LEVEL: 'info',
      DISPATCH_INTERVAL_MS: '50',
      RETRY_BASE_DELAY_MS: '200',
      RETRY_MAX_DELAY_MS: '1000',
      // the daily limit has tests of its own; here it must never bind
      DEFAULT_DAILY_LIMIT: '1000000',
      MAX_DAILY_LIMIT: '10000000',
      // so do the rate limits: tests poll the API and the tracker often
      API_RATE_LIMIT_MAX: '10000000',
      TRACKER_RATE_LIMIT_MAX: '10000000',
      ...opts.env,
    };
    env.BOUNCE_SMTP_PORT ??= String(await freePort());
    const pipeline = new Pipeline(database, namespace, smtp, env);
    pipeline.db = new Client({ connectionString: database.url });
    await pipeline.db.connect();
    for (const name of opts.services ?? ['scheduler', 'sender']) {
      pipeline.ports.set(name, await freePort());
      pipeline.opsPorts.set(name, await freePort());
    }
    try {
      await Promise.all([...pipeline.ports.keys()].map((name) => pipeline.startService(name)));
    } catch (err) {
      // one service failed to boot: stop the others, so nothing outlives the test
      await pipeline.stop().catch(() => undefined);
      throw err;
    }
    return pipeline;
  }

  async startService(name: ServiceName): Promise<RunningService> {
    const env = { ...this.env };
    for (const [other, port] of this.ports) env[PORT_VARS[other]] = String(port);
    for (const [other, port] of this.opsPorts) env[OPS_PORT_VARS[other]] = String(port);
    if (this.ports.has('tracker')) env.TRACKING_BASE_URL ??= this.url('tracker');
    const svc = spawnService(name, env, path.join(this.logDir, `${name}.log`));
    this.services.set(name, svc);
    try {
      await waitForHealth(`${this.url(name)}/health`, 30_000, { label: name, exited: svc.exited });
    } catch (err) {
      (err as Error).message += `\n${logTail(svc)}`;
      throw err;
    }
    return svc;
  }

  url(name: ServiceName): string {
    return `http://127.0.0.1:${this.ports.get(name)}`;
  }

  /** The service's ops listener, where `/metrics` is. */
  opsUrl(name: ServiceName): string {
    return `http://127.0.0.1:${this.opsPorts.get(name)}`;
  }

  async metrics(name: ServiceName): Promise<string> {
    return (await fetch(`${this.opsUrl(name)}/metrics`)).text();
  }

  /** Calls the scheduler's API with the operator token. */
  async api(pathAndQuery: string, init: RequestInit = {}): Promise<Response> {
    return fetch(`${this.url('scheduler')}${pathAndQuery}`, {
      ...init,
      headers: { authorization: `Bearer ${API_TOKEN}`, ...(init.headers ?? {}) },
    });
  }

  async statusCounts(campaignId?: string): Promise<Record<string, number>> {
    const res = await this.db.query<{ status: string; n: string }>(
      `select status, count(*) as n from deliveries where ($1::uuid is null or campaign_id = $1) group by status`,
      [campaignId ?? null],
    );
    return Object.fromEntries(res.rows.map((r) => [r.status, Number(r.n)]));
  }

  async campaignId(idempotencyKey: string): Promise<string | undefined> {
    const res = await this.db.query<{ id: string }>(`select id from campaigns where idempotency_key = $1`, [
      idempotencyKey,
    ]);
    return res.rows[0]?.id;
  }

  async stopService(name: ServiceName): Promise<void> {
    const svc = this.services.get(name);
    if (svc) await stopService(svc);
  }

  log(name: ServiceName): string {
    const svc = this.services.get(name);
    return svc ? fs.readFileSync(svc.logFile, 'utf8') : '';
  }

  async stop(): Promise<void> {
    await Promise.all([...this.services.values()].map((s) => stopService(s).catch(() => undefined)));
    await this.smtp.stop();
    await this.db.end().catch(() => undefined);
    await this.database.drop();
    await deleteNamespace(this.namespace, CONSUMERS).catch(() => undefined);
  }
}

/** Statuses after which nothing more happens to a delivery. */
export const TERMINAL = ['sent', 'bounced', 'failed', 'unknown', 'suppressed'];

export function inFlight(counts: Record<string, number>): number {
  return Object.entries(counts)
    .filter(([status]) => !TERMINAL.includes(status))
    .reduce((sum, [, n]) => sum + n, 0);
}
