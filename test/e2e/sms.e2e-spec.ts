import { phoneRecipients, publishRaw, smsCampaignSubmit, waitFor } from '@postroom/testing';
import { SmppCatcher } from '../../apps/sender/src/sms/smpp-catcher';
import { inFlight, Pipeline } from './pipeline-harness';

/** SMS campaigns through the running scheduler and sender, to a real SMPP server the test starts. */
describe('SMS campaigns end to end', () => {
  let catcher: SmppCatcher;
  let pipeline: Pipeline;

  beforeAll(async () => {
    catcher = new SmppCatcher({ systemId: 'e2e', password: 'secret', receiptDelayMs: 20 });
    const { url } = await catcher.start();
    pipeline = await Pipeline.start({
      env: {
        SMS_URL: url,
        // as in sender-crash: heal lost messages after 2 s; receipts lost with a dead sender's bind
        // make their SMS `unknown` after 3 s (never resent)
        REDISPATCH_AFTER_MS: '2000',
        SENDING_STALE_AFTER_MS: '3000',
        SMS_RECEIPT_TIMEOUT_MS: '3000',
        DISPATCH_MAX_IN_FLIGHT: '300',
      },
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
    await catcher?.stop();
  });

  const post = (body: unknown, type = 'application/json') =>
    pipeline.api('/v1/campaigns', {
      method: 'POST',
      headers: { 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('takes an SMS campaign over the API, shows its encoding and segments, and sends it to every phone', async () => {
    const body = smsCampaignSubmit({ account: 'api-sms', text: 'Grüße {{name}}! Code {{vars.code}}' });
    body.recipients = body.recipients.map((r, i) => ({ ...r, vars: { code: `C${i}` } }));

    const res = await post(body);
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string };
    expect(created).toMatchObject({
      channel: 'sms',
      sms: { encoding: 'GSM-7', segments: 1 },
      recipientCount: 3,
      counts: { queued: 3 },
    });
    await waitFor(async () => (await pipeline.statusCounts(created.id)).sent === 3, {
      message: 'three receipts recorded',
    });
    const texts = catcher
      .messages()
      .filter((m) => m.text.startsWith('Grüße'))
      .map((m) => [m.to, m.text])
      .sort();
    expect(texts).toEqual([
      ['+4915120000000', 'Grüße User 0! Code C0'],
      ['+4915120000001', 'Grüße User 1! Code C1'],
      ['+4915120000002', 'Grüße User 2! Code C2'],
    ]);
    const csv = await (await pipeline.api(`/v1/campaigns/${created.id}/recipients?format=csv`)).text();
    expect(csv.trimEnd().split('\r\n')[1]).toMatch(/^,User 0,sent,.*,\+4915120000000$/);
  });

  it('refuses a bad phone with 400 naming its line, a text over the limit with 422, and stores nothing', async () => {
    const { recipients: _r, ...header } = smsCampaignSubmit({ account: 'bad-sms' });
    const ndjson = [header, { phone: '+49 151 23456789' }, { phone: '0151 2345678' }]
      .map((l) => JSON.stringify(l))
      .join('\n');

    const badPhone = await post(ndjson, 'application/x-ndjson');
    expect(badPhone.status).toBe(400);
    expect(((await badPhone.json()) as { message: string }).message).toBe(
      'line 3/phone "0151 2345678" has no +country code (write it as +49 151 23456789)',
    );
    const tooLong = await post(smsCampaignSubmit({ account: 'bad-sms', text: '€'.repeat(460) }));
    expect(tooLong.status).toBe(422);
    expect(((await tooLong.json()) as { message: string }).message).toBe(
      '/text: the SMS needs 7 GSM-7 segments (920 units); at most 6 are sent',
    );
    const noPhone = await post({
      ...smsCampaignSubmit({ account: 'bad-sms' }),
      recipients: [{ email: 'a@b.example' }],
    });
    expect(noPhone.status).toBe(400);
    const stored = await pipeline.db.query(`select 1 from campaigns where account_id = 'bad-sms'`);
    expect(stored.rowCount).toBe(0);
  });

  it('sends no phone twice when the sender is killed in the middle of a 3,000-number campaign', async () => {
    const limit = await pipeline.api('/v1/accounts/crash-sms', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ smsDailyLimit: 10_000 }), // the default 1,000 would defer most of it
    });
    expect(limit.status).toBeLessThan(300);
    const account = (await (await pipeline.api('/v1/accounts/crash-sms')).json()) as { sms: unknown };
    expect(account.sms).toEqual({ dailyLimit: 10_000, used: 0, remaining: 10_000, delivered: 0 });
    const body = smsCampaignSubmit({ account: 'crash-sms', recipients: phoneRecipients(3000) });
    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(body));
    const id = await waitFor(() => pipeline.campaignId(body.idempotencyKey), { message: 'campaign stored' });
    await waitFor(async () => (await pipeline.statusCounts(id)).sent >= 600, {
      timeoutMs: 60_000,
      intervalMs: 10,
      message: '600 sent before the kill',
    });

    const sender = pipeline.services.get('sender')!;
    sender.child.kill('SIGKILL');
    await sender.exited;
    const atKill = await pipeline.statusCounts(id);
    expect(atKill.sent).toBeLessThan(3000);
    await pipeline.startService('sender');
    let last: Record<string, number> = {};
    await waitFor(async () => inFlight((last = await pipeline.statusCounts(id))) === 0, {
      timeoutMs: 120_000,
      message: () => `every SMS settled (now ${JSON.stringify(last)})`,
    });

    const counts = await pipeline.statusCounts(id);
    const received = new Map<string, number>();
    // this campaign's messages (the first test sent its own text to three of the same numbers)
    for (const m of catcher.messages().filter((m) => m.text.startsWith('Hello')))
      received.set(m.to, (received.get(m.to) ?? 0) + 1);
    const rows = await pipeline.db.query<{ phone: string; status: string }>(
      `select phone, status from deliveries where campaign_id = $1`,
      [id],
    );
    process.stdout.write(
      `sms crash test: at kill ${JSON.stringify(atKill)}; final ${JSON.stringify(counts)}\n`,
    );
    expect(rows.rows).toHaveLength(3000);
    expect([...received].filter(([, n]) => n > 1)).toEqual([]);
    expect((counts.sent ?? 0) + (counts.unknown ?? 0)).toBe(3000);
    expect(rows.rows.filter((r) => r.status === 'sent' && !received.has(r.phone))).toEqual([]);
    expect(
      rows.rows.filter((r) => received.has(r.phone) && r.status !== 'sent' && r.status !== 'unknown'),
    ).toEqual([]);
  }, 240_000);
});
