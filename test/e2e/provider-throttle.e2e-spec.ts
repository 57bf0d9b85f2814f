import { campaignSubmit, recipients, SmtpCapture, waitFor } from '@postroom/testing';
// straight from the file: the testing index keeps the DNS helpers out of the other tiers
import { DnsZoneServer } from '../../libs/testing/src/dns-zone';
import { Pipeline } from './pipeline-harness';

/**
 * Issue 16's measurement, end to end: one campaign, 400 recipients on a domain whose MX accepts
 * and 100 on a domain whose MX answers every RCPT with `421 4.7.0 try again later`. The sender
 * delivers directly (DNS from a local server, two sinks on loopback addresses), throttled per
 * provider group: the accepting group finishes at full rate, the deferring one is paused and
 * tried again only as its back-off allows, and the campaign view shows it as throttled.
 */
describe('provider throttling in the running sender (direct delivery, a 421 group and a willing one)', () => {
  let pipeline: Pipeline;
  let dns: DnsZoneServer;
  let willing: SmtpCapture;
  let deferring: SmtpCapture;

  beforeAll(async () => {
    willing = await SmtpCapture.start({ host: '127.0.0.2' });
    deferring = await SmtpCapture.start({
      host: '127.0.0.3',
      port: willing.port,
      replies: () => ({ code: 421, message: '4.7.0 try again later' }),
    });
    dns = await DnsZoneServer.start({
      'fast.test': { MX: [{ exchange: 'mx.fast.test', priority: 10 }] },
      'mx.fast.test': { A: ['127.0.0.2'] },
      'slow.test': { MX: [{ exchange: 'mx.slow.test', priority: 10 }] },
      'mx.slow.test': { A: ['127.0.0.3'] },
    });
    pipeline = await Pipeline.start({
      env: {
        SMTP_URL: '',
        DELIVERY_MODE: 'direct',
        DNS_SERVERS: dns.address,
        DIRECT_SMTP_PORT: String(willing.port),
        DIRECT_ALLOW_LOOPBACK_MX: 'true',
        DIRECT_HELO_NAME: 'mta.postroom.test',
        // full rate: what one sender can do; the deferring group's pauses are short to fit a test
        THROTTLE_MESSAGES_PER_MINUTE: '60000',
        THROTTLE_MAX_CONNECTIONS: '10',
        THROTTLE_PAUSE_MS: '2000',
        THROTTLE_MAX_PAUSE_MS: '8000',
        THROTTLE_MAX_WAIT_MS: '500',
        SEND_MAX_ATTEMPTS: '50',
        RETRY_BASE_DELAY_MS: '100',
        RETRY_MAX_DELAY_MS: '500',
      },
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    await Promise.all([willing?.stop(), deferring?.stop(), dns?.stop()]);
  });

  it('sends the willing group at full rate while the 421 group is paused, and shows it as throttled', async () => {
    const body = campaignSubmit({
      account: 'throttle',
      // mixed, one deferring recipient in every five: both groups are in every batch the sender takes
      recipients: interleave(recipients(400, 'fast.test'), recipients(100, 'slow.test')),
    });
    const started = Date.now();
    const res = await pipeline.api('/v1/campaigns', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };

    await waitFor(() => willing.acceptedCount === 400, { timeoutMs: 30_000, message: '400 accepted' });
    const fastDone = Date.now();
    const view = await waitFor(
      async () => {
        const v = (await (await pipeline.api(`/v1/campaigns/${id}`)).json()) as {
          throttled?: { group: string; until: string }[];
        };
        return v.throttled && v.throttled.length > 0 ? v : undefined;
      },
      { message: 'the campaign view shows the paused group' },
    );
    // a window as long as the measurement, to count how often the 421 group is tried
    const windowMs = 20_000;
    await new Promise((r) => setTimeout(r, Math.max(0, started + windowMs - Date.now())));
    const tries = deferring.rejections.filter((r) => r.rejectedAt.getTime() <= started + windowMs);
    const times = willing.messages.map((m) => m.receivedAt.getTime());
    const fastFirst = Math.min(...times);
    const fastLast = Math.max(...times);

    // the figures of the run, for the closing note
    process.stdout.write(
      `${JSON.stringify({
        willing: {
          accepted: willing.acceptedCount,
          firstAfterSubmitMs: fastFirst - started,
          lastAfterSubmitMs: fastLast - started,
          spanMs: fastLast - fastFirst,
        },
        deferring: {
          triesIn20s: tries.length,
          tryTimesMs: tries.map((t) => t.rejectedAt.getTime() - started),
        },
        throttled: view.throttled,
      })}\n`,
    );

    expect(pipeline.smtp.acceptedCount).toBe(0); // nothing went to the relay: this is direct delivery
    expect(fastDone - started).toBeLessThan(15_000);
    expect(view.throttled).toEqual([{ group: 'mx:slow.test', until: expect.any(String) }]);
    expect(new Date(view.throttled![0].until).getTime()).toBeGreaterThan(started);
    // without the throttle the 100 are tried again every retry (100–500 ms apart): thousands of
    // tries in 20 s; paused 2, 4, 8, 8 s after each deferral, a few waves of a few connections
    expect(tries.length).toBeGreaterThan(0);
    expect(tries.length).toBeLessThan(100);
    const counts = await pipeline.statusCounts(id);
    expect(counts.sent).toBe(400);
    expect(counts.failed ?? 0).toBe(0);
  });
});

function interleave<T>(many: T[], few: T[]): T[] {
  const every = Math.ceil(many.length / few.length);
  return many.flatMap((m, i) =>
    i % every === every - 1 && few[Math.floor(i / every)] ? [m, few[Math.floor(i / every)]] : [m],
  );
}
