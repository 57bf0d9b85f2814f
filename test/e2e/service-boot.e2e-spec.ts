import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from '@postroom/testing';
import { Pipeline } from './pipeline-harness';

const root = path.resolve(__dirname, '..', '..');

/** Runs a compiled service that is expected to refuse to start; returns its exit code and stderr. */
function runFailing(
  name: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'apps', name, 'src', 'main.js')], {
      env: { PATH: process.env.PATH, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr, ms: Date.now() - started }));
  });
}

describe('every service boots with /health and /metrics', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['scheduler', 'sender', 'tracker', 'bounce'] });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it.each(['scheduler', 'sender', 'tracker', 'bounce'] as const)(
    '%s answers health and Prometheus metrics',
    async (name) => {
      const health = await fetch(`${pipeline.url(name)}/health`);
      const metrics = await fetch(`${pipeline.url(name)}/metrics`);

      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok', database: 'up', broker: 'up' });
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await metrics.text();
      expect(text).toMatch(
        new RegExp(
          `^postroom_process_(resident_memory_bytes|nodejs_heap_size_used_bytes){service="${name}"} \\d+`,
          'm',
        ),
      );
      expect(text).toContain('# TYPE postroom_deliveries_total counter');
    },
  );

  it('the sender exports its SMTP send-duration histogram', async () => {
    const text = await (await fetch(`${pipeline.url('sender')}/metrics`)).text();

    expect(text).toContain('# TYPE postroom_smtp_send_duration_seconds histogram');
  });
});

describe('a service that cannot start says why', () => {
  it('lists every bad variable at once and exits 1', async () => {
    const result = await runFailing('scheduler', {
      SCHEDULER_PORT: 'eighty',
      DATABASE_URL: 'mysql://nope',
      DISPATCH_INTERVAL_MS: '0',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'SCHEDULER_PORT="eighty" is invalid: expected an integer from 0 to 65535',
    );
    expect(result.stderr).toContain(
      'DATABASE_URL=(hidden) is invalid: expected a URL starting with postgres:// or postgresql://',
    );
    expect(result.stderr).toContain('DISPATCH_INTERVAL_MS="0" is invalid');
    expect(result.stderr).toContain('POSTROOM_API_TOKEN is missing');
  });

  it('names the unreachable dependency, its URL and how to start it, within seconds', async () => {
    const deadPort = await freePort();
    const result = await runFailing('sender', {
      TRACKING_KEYS: 'k1:a-long-enough-tracking-secret',
      DATABASE_URL: `postgres://root@127.0.0.1:${deadPort}/postroom`,
      AMQP_URL: `amqp://guest:guest@127.0.0.1:${deadPort}`,
    });

    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(10_000);
    expect(result.stderr).toContain(
      `PostgreSQL cannot be reached at postgres://root@127.0.0.1:${deadPort}/postroom (ECONNREFUSED)`,
    );
    expect(result.stderr).toContain('pg_ctlcluster --skip-systemctl-redirect');
    expect(result.stderr).toContain(`RabbitMQ cannot be reached at amqp://guest:***@127.0.0.1:${deadPort}`);
    expect(result.stderr).toContain('docker compose up -d rabbitmq');
  });
});
