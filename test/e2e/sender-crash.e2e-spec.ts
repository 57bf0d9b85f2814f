import { campaignSubmit, publishRaw, recipients, waitFor } from '@postroom/testing';
import { inFlight, Pipeline } from './pipeline-harness';

describe('sender killed with SIGKILL in the middle of a 10,000-recipient campaign', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start({
      // short enough for a test: heal lost messages after 2 s, take the killed sender's lease for
      // lapsed after 3 s (its sends become unknown); and dispatch less than 2 s of work ahead, so a
      // busy machine's slow sends are not taken for lost messages and published again and again
      env: {
        REDISPATCH_AFTER_MS: '2000',
        SENDER_LEASE_TTL_MS: '3000',
        SENDER_HEARTBEAT_MS: '500',
        DISPATCH_MAX_IN_FLIGHT: '300',
      },
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('ends with one terminal status per delivery, no address mailed twice and nothing missing', async () => {
    const body = campaignSubmit({ account: 'crash', recipients: recipients(10_000, 'crash.example') });
    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(body));
    const id = await waitFor(() => pipeline.campaignId(body.idempotencyKey), { message: 'campaign stored' });

    await waitFor(async () => (await pipeline.statusCounts(id)).sent >= 2000, {
      timeoutMs: 60_000,
      intervalMs: 10,
      message: '2,000 sent before the kill',
    });
    const sender = pipeline.services.get('sender')!;
    sender.child.kill('SIGKILL');
    await sender.exited;
    const atKill = await pipeline.statusCounts(id);
    expect(atKill.sent).toBeLessThan(10_000);
    await pipeline.startService('sender');

    await waitFor(async () => inFlight(await pipeline.statusCounts(id)) === 0, {
      timeoutMs: 120_000,
      message: 'every delivery settled',
    });

    const counts = await pipeline.statusCounts(id);
    const received = pipeline.smtp.countByRecipient();
    for (const m of pipeline.smtp.dropped) for (const r of m.to) received.set(r, (received.get(r) ?? 0) + 1);
    const twice = [...received].filter(([, n]) => n > 1);
    const rows = await pipeline.db.query<{ email: string; status: string }>(
      `select email, status from deliveries where campaign_id = $1`,
      [id],
    );
    const sentButNotReceived = rows.rows.filter((r) => r.status === 'sent' && !received.has(r.email));
    const receivedButNotRecorded = rows.rows.filter(
      (r) => received.has(r.email) && r.status !== 'sent' && r.status !== 'unknown',
    );
    process.stdout.write(
      `crash test: at kill ${JSON.stringify(atKill)}; final ${JSON.stringify(counts)}; ` +
        `${counts.unknown ?? 0} deliveries honestly marked unknown\n`,
    );

    expect(rows.rows).toHaveLength(10_000);
    expect(Object.keys(counts).sort()).toEqual(expect.arrayContaining(['sent']));
    expect((counts.sent ?? 0) + (counts.unknown ?? 0)).toBe(10_000);
    expect(twice).toEqual([]);
    expect(sentButNotReceived).toEqual([]);
    expect(receivedButNotRecorded).toEqual([]);
  });
});
