import { campaignSubmit, publishRaw, recipients, waitFor } from '@postroom/testing';
import { Pipeline } from './pipeline-harness';

describe('accounts API and the daily limit, end to end', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ env: { DEFAULT_DAILY_LIMIT: '1000', MAX_DAILY_LIMIT: '50000' } });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  const put = (id: string, body: unknown) =>
    pipeline.api(`/v1/accounts/${id}`, {
      method: 'PUT',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  it.each([
    [{ dailyLimit: 0 }, /dailyLimit must be an integer from 100 to 50000/],
    [{ dailyLimit: 1.5 }, /dailyLimit must be an integer/],
    [{ dailyLimit: '1000' }, /dailyLimit must be an integer/],
    [{ timeZone: 'Mars/Olympus_Mons' }, /not an IANA time zone/],
    [{ timeZone: 'UTC', color: 'red' }, /\/color is not a known field/],
    [{ dailyLimit: 500, timeZone: 5 }, /\/timeZone must be a string/],
  ])('refuses %j with 400', async (body, message) => {
    const res = await put('badvalues', body);

    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(message);
  });

  it('sends today only up to the limit and plans the rest for the next days', async () => {
    const created = await put('shop', { dailyLimit: 400, timeZone: 'Europe/Berlin' });
    expect(created.status).toBe(201);
    const body = campaignSubmit({ account: 'shop', recipients: recipients(1000, 'shop.example') });

    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(body));

    const id = await waitFor(() => pipeline.campaignId(body.idempotencyKey), { message: 'stored' });
    await waitFor(async () => (await pipeline.statusCounts(id)).sent === 400, { message: '400 sent' });
    await waitFor(async () => (await pipeline.statusCounts(id)).deferred === 600, {
      message: '600 deferred',
    });
    const view = (await (await pipeline.api('/v1/accounts/shop')).json()) as Record<string, unknown>;
    expect(view).toMatchObject({
      id: 'shop',
      status: 'active',
      timeZone: 'Europe/Berlin',
      dailyLimit: 400,
      used: 400,
      remaining: 0,
      deferred: 600,
    });
    expect((view.plannedDays as { count: number }[]).map((d) => d.count)).toEqual([400, 200]);
    expect(pipeline.smtp.messages.filter((m) => m.to[0].endsWith('@shop.example'))).toHaveLength(400);
    const history = (await (await pipeline.api('/v1/accounts/shop/limit-history')).json()) as {
      items: { rule: string; actor: string; newLimit: number }[];
    };
    expect(history.items).toEqual([
      expect.objectContaining({ rule: 'operator', actor: 'bootstrap', newLimit: 400 }),
    ]);
    const metrics = await pipeline.metrics('scheduler');
    expect(metrics).toMatch(/^postroom_quota_limit\{account="shop",service="scheduler"\} 400$/m);
    expect(metrics).toMatch(/^postroom_quota_used\{account="shop",service="scheduler"\} 400$/m);
    expect(metrics).toMatch(/^postroom_quota_remaining\{account="shop",service="scheduler"\} 0$/m);
    expect(metrics).toMatch(/^postroom_deliveries_deferred\{account="shop",service="scheduler"\} 600$/m);
    expect(metrics).toMatch(/^postroom_account_blocked\{account="shop",service="scheduler"\} 0$/m);
  });

  it('raising the limit lets deferred work go today', async () => {
    const res = await put('shop', { dailyLimit: 700 });
    expect(res.status).toBe(200);

    const id = (await pipeline.db.query<{ id: string }>(`select id from campaigns where account_id = 'shop'`))
      .rows[0].id;
    await waitFor(async () => (await pipeline.statusCounts(id)).sent === 700, { message: '700 sent' });
    expect(await pipeline.statusCounts(id)).toEqual({ sent: 700, deferred: 300 });
  });

  it('answers 404 for an unknown account and 409 when unblocking an account that is not blocked', async () => {
    expect((await pipeline.api('/v1/accounts/nobody')).status).toBe(404);
    expect((await pipeline.api('/v1/accounts/nobody/limit-history')).status).toBe(404);
    const unblock = await pipeline.api('/v1/accounts/shop/unblock', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect(unblock.status).toBe(409);
    expect((await pipeline.api('/v1/accounts/nobody/unblock', { method: 'POST' })).status).toBe(404);
  });
});
