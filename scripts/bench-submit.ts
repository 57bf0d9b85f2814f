import { dropDatabase, migrateUp } from '@postroom/ledger';
import { deleteNamespace, freePort } from '@postroom/testing';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { procStatusKb } from './bench/bench-proc';
import { spawnService, stopService, waitForHealth } from './lib/services';

/**
 * `npm run bench:submit` (a script, not a test): streams a segment of N recipients (default
 * 1,000,000, `BENCH_SUBMIT_N`) as NDJSON to POST /v1/campaigns and prints one JSON line: time,
 * recipients per second, the scheduler's peak RSS, and the deliveries the ledger holds — proof
 * that a huge segment is accepted without being held in memory.
 */
async function main(): Promise<void> {
  const n = Number(process.env.BENCH_SUBMIT_N ?? 1_000_000);
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres');
  base.pathname = `/postroom_benchsubmit_${randomBytes(4).toString('hex')}`;
  const databaseUrl = base.toString();
  const token = randomBytes(16).toString('hex');
  const port = await freePort();
  const namespace = `postroom-benchsubmit-${randomBytes(3).toString('hex')}`;
  await migrateUp(databaseUrl);
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postroom-bench-submit-'));
  const scheduler = spawnService(
    'scheduler',
    {
      PATH: process.env.PATH,
      DATABASE_URL: databaseUrl,
      AMQP_URL: process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
      AMQP_NAMESPACE: namespace,
      POSTROOM_API_TOKEN: token,
      SCHEDULER_PORT: String(port),
      SCHEDULER_OPS_PORT: '0',
      LOG_LEVEL: 'warn',
      // the segment is one transaction: nothing is due before it commits, and no sender runs here
      DISPATCH_INTERVAL_MS: '60000',
    },
    path.join(logDir, 'scheduler.log'),
  );
  try {
    await waitForHealth(`http://127.0.0.1:${port}/health`, 30_000, {
      label: 'scheduler',
      exited: scheduler.exited,
    });
    const rssBefore = rss(scheduler.child.pid!);
    const started = Date.now();
    const status = await post(port, token, ndjson(n));
    const seconds = (Date.now() - started) / 1000;
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    const stored = (await db.query<{ n: number }>(`select count(*)::int as n from deliveries`)).rows[0].n;
    await db.end();
    const peak = procStatusKb(fs.readFileSync(`/proc/${scheduler.child.pid}/status`, 'utf8'), 'VmHWM');
    const line = {
      n,
      http_status: status,
      seconds: Number(seconds.toFixed(2)),
      recipients_per_s: Math.round(n / seconds),
      deliveries_in_ledger: stored,
      scheduler_rss_mb_before: rssBefore,
      scheduler_peak_rss_mb: peak ? Math.round(peak / 1024) : null,
      ndjson_mb_approx: Number(((n * 60) / 1024 / 1024).toFixed(0)),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    if (status !== 201 || stored !== n) process.exitCode = 1;
  } finally {
    await stopService(scheduler);
    await dropDatabase(databaseUrl);
    await deleteNamespace(namespace, ['scheduler.campaign-submit']).catch(() => undefined);
  }
}

function rss(pid: number): number | null {
  const kb = procStatusKb(fs.readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS');
  return kb ? Math.round(kb / 1024) : null;
}

/** The segment, generated as it is sent: the client holds no more of it than the server does. */
function ndjson(n: number): Readable {
  let i = -1;
  return new Readable({
    read() {
      const lines: string[] = [];
      for (let k = 0; k < 2000 && i < n; k++, i++) {
        lines.push(
          i < 0
            ? JSON.stringify({
                idempotencyKey: `bench-${Date.now()}`,
                account: 'bench',
                from: 'news@bench.example',
                subject: 'Hi {{name}}',
                html: '<p>Hi {{name}}</p>',
              })
            : JSON.stringify({ email: `user${i}@bench.example`, name: `User ${i}`, vars: { n: i } }),
        );
      }
      if (lines.length === 0) this.push(null);
      else this.push(lines.join('\n') + '\n');
    },
  });
}

function post(port: number, token: string, body: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/v1/campaigns',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/x-ndjson',
          'transfer-encoding': 'chunked',
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    body.pipe(req);
  });
}

main().catch((err: Error) => {
  process.stderr.write(`bench:submit failed: ${err.message}\n`);
  process.exit(1);
});
