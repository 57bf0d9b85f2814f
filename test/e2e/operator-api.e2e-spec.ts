import { campaignSubmit, recipients, waitFor } from '@postroom/testing';
import { SchedulerModule } from '../../apps/scheduler/src/scheduler.module';
import { disagreements } from '../../apps/scheduler/src/validation/openapi-agreement';
import type { CoreOptions } from '@postroom/runtime';
import type { Type } from '@nestjs/common';
import { API_TOKEN, Pipeline } from './pipeline-harness';

describe('operator API (scheduler)', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start({
      smtp: {
        replies: (rcpt) =>
          rcpt.startsWith('bad@') ? { code: 550, message: '5.1.1 no such user' } : undefined,
      },
    });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    pipeline.api('/v1/campaigns', {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...headers },
    });

  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token' }],
    ['a token in the wrong scheme', { authorization: `Basic ${API_TOKEN}` }],
  ])('answers 401 with %s', async (_what, headers) => {
    const res = await fetch(`${pipeline.url('scheduler')}/v1/campaigns?account=x`, { headers });

    expect(res.status).toBe(401);
  });

  it('answers 400 naming every problem of an invalid body', async () => {
    const res = await post({ ...campaignSubmit(), from: 'nope', recipients: [{ email: 'x' }], extra: 1 });

    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string };
    expect(body.message).toMatch(/\/from must be an email address/);
    expect(body.message).toMatch(/\/recipients\/0\/email must be an email address/);
    expect(body.message).toMatch(/\/extra is not a known field/);
  });

  it('refuses a recipient name that would inject a header', async () => {
    const res = await post(
      campaignSubmit({ recipients: [{ email: 'a@example.com', name: 'A\r\nBcc: x@evil.example' }] }),
    );

    expect(res.status).toBe(400);
  });

  it('streams an NDJSON segment into the ledger and refuses a bad line, storing nothing', async () => {
    const { recipients: _r, ...header } = campaignSubmit({ account: 'ndjson' });
    const lines = [
      JSON.stringify(header),
      ...recipients(1500, 'nd.example').map((r) => JSON.stringify(r)),
    ].join('\n');

    const ok = await post(lines, { 'content-type': 'application/x-ndjson' });
    const badHeader = campaignSubmit({ account: 'ndjson-bad' });
    const bad = await post(
      [
        JSON.stringify({ ...badHeader, recipients: undefined }),
        '{"email":"fine@example.com"}',
        '{"email":"broken',
      ].join('\n'),
      { 'content-type': 'application/x-ndjson' },
    );
    const wrong = await post(
      [JSON.stringify({ ...badHeader, recipients: undefined }), '{"email":"nope","tags":[]}'].join('\n'),
      { 'content-type': 'application/x-ndjson' },
    );

    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ account: 'ndjson', recipientCount: 1500 });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toBe('line 3: not JSON');
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { message: string }).message).toBe(
      'line 2: /tags is not a known field (known: email, name, vars); line 2: /email must be an email address',
    );
    expect(await pipeline.campaignId(badHeader.idempotencyKey)).toBeUndefined();
  });

  it('answers a campaign with counts by status and exports its segment as CSV and NDJSON', async () => {
    const body = campaignSubmit({
      account: 'export',
      recipients: [
        { email: 'ok@example.com', name: 'Ok, "quoted"' },
        { email: 'bad@example.com', name: '=HYPERLINK("x")' },
      ],
    });
    const created = (await (await post(body)).json()) as { id: string };
    await waitFor(async () => (await pipeline.statusCounts(created.id)).bounced === 1, {
      message: 'settled',
    });
    await waitFor(async () => (await pipeline.statusCounts(created.id)).sent === 1, { message: 'settled' });

    const view = await (await pipeline.api(`/v1/campaigns/${created.id}`)).json();
    const csv = await pipeline.api(`/v1/campaigns/${created.id}/recipients?format=csv`);
    const ndjson = await pipeline.api(`/v1/campaigns/${created.id}/recipients?format=ndjson`);

    expect(view).toMatchObject({
      counts: { sent: 1, bounced: 1 },
      reads: { read: 0, read_machine: 0 },
      recipientCount: 2,
    });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const csvLines = (await csv.text()).trimEnd().split('\r\n');
    expect(csvLines[0]).toBe('email,name,status,reason,sent_at,smtp_reply,read_at,read_machine_at,phone');
    expect(csvLines[1]).toMatch(/^ok@example\.com,"Ok, ""quoted""",sent,,\d{4}-\d\d-\d\dT[^,]+,250 /);
    expect(csvLines[2]).toMatch(
      /^bad@example\.com,"'=HYPERLINK\(""x""\)",bounced,,[^,]+,550 5\.1\.1 no such user,,,$/,
    );
    const rows = (await ndjson.text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toEqual([
      expect.objectContaining({ email: 'ok@example.com', status: 'sent' }),
      expect.objectContaining({
        email: 'bad@example.com',
        status: 'bounced',
        smtp_reply: '550 5.1.1 no such user',
      }),
    ]);
  });

  it('answers 404 for an unknown campaign and 400 for an unknown export format', async () => {
    expect((await pipeline.api('/v1/campaigns/00000000-0000-0000-0000-000000000000')).status).toBe(404);
    expect((await pipeline.api('/v1/campaigns/not-a-uuid')).status).toBe(404);
    const created = (await (await post(campaignSubmit())).json()) as { id: string };
    expect((await pipeline.api(`/v1/campaigns/${created.id}/recipients?format=xml`)).status).toBe(400);
  });

  it('serves its OpenAPI document', async () => {
    const res = await fetch(`${pipeline.url('scheduler')}/docs/openapi.json`);

    expect(res.status).toBe(200);
    const doc = (await res.json()) as Parameters<typeof disagreements>[0];
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/campaigns', '/v1/campaigns/{id}', '/v1/campaigns/{id}/recipients']),
    );
    // every body and query string as the SchemaPipe of its route checks it
    const controllers = SchedulerModule.forRoot({
      service: 'scheduler',
      broker: {},
    } as unknown as CoreOptions).controllers as Type[];
    expect(disagreements(doc, controllers)).toEqual([]);
  });
});
