import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseDotenv } from '../../scripts/lib/dotenv';
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

describe('every service boots with /health on its port and /metrics on its ops listener', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['scheduler', 'sender', 'tracker', 'bounce'] });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it.each(['scheduler', 'sender', 'tracker', 'bounce'] as const)(
    '%s answers health on its port and Prometheus metrics on the ops port only',
    async (name) => {
      const health = await fetch(`${pipeline.url(name)}/health`);
      const metrics = await fetch(`${pipeline.opsUrl(name)}/metrics`);
      const metricsOnMainPort = await fetch(`${pipeline.url(name)}/metrics`);
      const healthOnOpsPort = await fetch(`${pipeline.opsUrl(name)}/health`);

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
      // the scheduler answers every path without a token with 401, /metrics included
      expect(metricsOnMainPort.status).toBe(name === 'scheduler' ? 401 : 404);
      expect(await metricsOnMainPort.text()).not.toContain('postroom_');
      expect(healthOnOpsPort.status).toBe(404);
    },
  );

  it('the sender exports its SMTP send-duration histogram', async () => {
    expect(await pipeline.metrics('sender')).toContain(
      '# TYPE postroom_smtp_send_duration_seconds histogram',
    );
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

describe('in production, a service refuses weak secrets', () => {
  const example = parseDotenv(fs.readFileSync(path.join(root, '.env.example'), 'utf8'));
  const production = (vars: Record<string, string>) => ({ ...example, ...vars, NODE_ENV: 'production' });
  const STRONG_TOKEN = 'e2e-production-token-Zq3vN8xK2mR7tY1wB5cF9hJ4';
  const STRONG_KEYS = 'p2:Zq3vN8xK2mR7tY1wB5cF9hJ4lP6sD0gA,p1:0a1b2c3d4e5f60718293a4b5c6d7e8f9';

  it.each([
    ['scheduler', 'POSTROOM_API_TOKEN'],
    ['sender', 'TRACKING_KEYS'],
    ['tracker', 'TRACKING_KEYS'],
    ['bounce', 'TRACKING_KEYS'],
  ])(
    "%s with .env.example's secrets exits 1, naming %s and how to make a good one",
    async (name, variable) => {
      const result = await runFailing(name, production({}));

      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`${variable}=\\(hidden\\) is refused in production: (key k1: )?it is a placeholder`),
      );
      expect(result.stderr).toContain('make one with: ');
      expect(result.stderr).toContain('openssl rand -hex 32');
      expect(result.stderr).not.toContain('change-me');
    },
  );

  it('refuses a 20-character tracking key', async () => {
    const result = await runFailing('tracker', production({ TRACKING_KEYS: 'k1:Zq3vN8xK2mR7tY1wB5cF' }));

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'TRACKING_KEYS=(hidden) is refused in production: key k1: it is shorter than 32 characters',
    );
  });

  it('refuses a key id listed twice', async () => {
    const result = await runFailing(
      'sender',
      production({ TRACKING_KEYS: `${STRONG_KEYS},p1:${'x'.repeat(40)}` }),
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TRACKING_KEYS=(hidden) is invalid (key id p1 is listed twice');
  });

  it('starts every service with strong secrets', async () => {
    const pipeline = await Pipeline.start({
      services: ['scheduler', 'sender', 'tracker', 'bounce'],
      env: { NODE_ENV: 'production', POSTROOM_API_TOKEN: STRONG_TOKEN, TRACKING_KEYS: STRONG_KEYS },
    });
    try {
      for (const name of ['scheduler', 'sender', 'tracker', 'bounce'] as const) {
        expect((await fetch(`${pipeline.url(name)}/health`)).status).toBe(200);
      }
    } finally {
      await pipeline.stop();
    }
  });
});
