import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { campaignSubmit, freePort, publishRaw, recipients, waitFor } from '@postroom/testing';
import {
  logTail,
  spawnService,
  stopService,
  waitForHealth,
  type RunningService,
} from '../../scripts/lib/services';
import { Pipeline } from './pipeline-harness';

/** Issue 15: the daily limit stays exact with many processes of each service. */
describe('2 schedulers and 3 senders, a limit of 1,000 and 5,000 queued', () => {
  let pipeline: Pipeline;
  const extra: RunningService[] = [];
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'postroom-multi-'));

  /** One more process of a service, on ports of its own, beside the harness's. */
  async function another(name: 'scheduler' | 'sender', n: number): Promise<void> {
    const port = await freePort();
    const env = {
      ...pipeline.env,
      [name === 'scheduler' ? 'SCHEDULER_PORT' : 'SENDER_PORT']: String(port),
      SCHEDULER_OPS_PORT: '0',
      SENDER_OPS_PORT: '0',
    };
    const svc = spawnService(name, env, path.join(logDir, `${name}-${n}.log`));
    extra.push(svc);
    await waitForHealth(`http://127.0.0.1:${port}/health`, 30_000, { label: name, exited: svc.exited }).catch(
      (err: Error) => {
        throw new Error(`${err.message}\n${logTail(svc)}`);
      },
    );
  }

  beforeAll(async () => {
    pipeline = await Pipeline.start({ env: { DEFAULT_DAILY_LIMIT: '1000', MAX_DAILY_LIMIT: '1000' } });
    await Promise.all([another('scheduler', 2), another('sender', 2), another('sender', 3)]);
  }, 90_000);

  afterAll(async () => {
    await Promise.all(extra.map((s) => stopService(s).catch(() => undefined)));
    await pipeline?.stop();
    fs.rmSync(logDir, { recursive: true, force: true });
  });

  it('sends exactly 1,000, none twice, and defers the other 4,000', async () => {
    const body = campaignSubmit({ account: 'many', recipients: recipients(5000, 'many.example') });
    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(body));
    const id = await waitFor(() => pipeline.campaignId(body.idempotencyKey), { message: 'stored' });

    await waitFor(
      async () => {
        const c = await pipeline.statusCounts(id);
        return c.sent === 1000 && c.deferred === 4000;
      },
      { timeoutMs: 120_000, message: '1,000 sent and 4,000 deferred' },
    );
    // every process is still up: none of them went down and left the count to the others
    for (const s of [...extra, ...pipeline.services.values()]) expect(s.exit).toBeUndefined();
    const counts = await pipeline.statusCounts(id);
    const received = pipeline.smtp.countByRecipient();
    const twice = [...received].filter(([, n]) => n > 1);

    expect(counts).toEqual({ sent: 1000, deferred: 4000 });
    expect(pipeline.smtp.messages).toHaveLength(1000);
    expect(received.size).toBe(1000);
    expect(twice).toEqual([]);
    const day = await pipeline.db.query<{ used: number }>(
      `select used from quota_days where account_id = 'many'`,
    );
    expect(day.rows).toEqual([{ used: 1000 }]);
    // how many sender instances took part, by the lease their sends carry
    const senders = await pipeline.db.query<{ n: string }>(
      `select count(distinct lease_id) as n from deliveries where campaign_id = $1 and status = 'sent'`,
      [id],
    );
    process.stdout.write(`multi-process: ${senders.rows[0].n} sender leases sent the 1,000\n`);
  }, 150_000);
});
