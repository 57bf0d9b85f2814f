import { spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { campaignSubmit, recipients } from '@postroom/testing';
import { API_TOKEN, Pipeline } from './pipeline-harness';

const root = path.resolve(__dirname, '..', '..');

/** `npm run token -- <args>` without the build (global setup built dist/ already). */
function tokenCli(
  databaseUrl: string,
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(root, 'dist/apps/scheduler/src/cli/token.js'), ...args],
      {
        env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('API tokens: scopes, tenants and the audit actor', () => {
  let pipeline: Pipeline;
  const tokens: Record<string, string> = {};
  let shopCampaign: string;
  let rivalCampaign: string;

  const call = (token: string | undefined, pathAndQuery: string, init: RequestInit = {}) =>
    fetch(`${pipeline.url('scheduler')}${pathAndQuery}`, {
      ...init,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
        ...(init.headers ?? {}),
      },
    });
  const json = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) });

  async function submit(token: string, account: string): Promise<Response> {
    return call(
      token,
      '/v1/campaigns',
      json(campaignSubmit({ account, recipients: recipients(2, `${account}.example`) })),
    );
  }

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['scheduler'] });
    for (const [name, scope] of [
      ['crm', ['--account', 'shop']],
      ['rival-crm', ['--account', 'rival']],
      ['ops', ['--operator']],
    ] as const) {
      const made = await tokenCli(pipeline.database.url, 'create', ...scope, '--name', name);
      expect(made).toMatchObject({ code: 0, stderr: expect.stringContaining(`created ${name}`) });
      tokens[name] = made.stdout.trim();
    }
    shopCampaign = ((await (await submit(API_TOKEN, 'shop')).json()) as { id: string }).id;
    rivalCampaign = ((await (await submit(API_TOKEN, 'rival')).json()) as { id: string }).id;
    for (const account of ['shop', 'rival']) {
      const added = await call(
        API_TOKEN,
        '/v1/blacklist',
        json({ account, address: `gone@${account}.example` }),
      );
      expect(added.status).toBe(201);
    }
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  it('npm run token: creates tokens shown once, lists them without values, refuses a taken name', async () => {
    const listed = await tokenCli(pipeline.database.url, 'list');
    const again = await tokenCli(pipeline.database.url, 'create', '--account', 'shop', '--name', 'crm');
    const both = await tokenCli(
      pipeline.database.url,
      'create',
      '--operator',
      '--account',
      'shop',
      '--name',
      'x',
    );

    expect(tokens.crm).toMatch(/^prt_[A-Za-z0-9_-]{43}$/);
    expect(listed.code).toBe(0);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('\t').slice(0, 2)),
    ).toEqual([
      ['crm', 'account shop'],
      ['ops', 'operator'],
      ['rival-crm', 'account rival'],
    ]);
    expect(listed.stdout).not.toContain('prt_');
    expect(again).toMatchObject({ code: 1, stderr: 'token: the name crm is taken\n' });
    expect(both.code).toBe(2);
    const stored = await pipeline.db.query(`select token_hash from api_tokens`);
    expect(stored.rows.map((r) => r.token_hash)).not.toContain(tokens.crm);
  });

  it('npm run token is the same command, built first', () => {
    const run = spawnSync('npm', ['run', '-s', 'token', '--', 'list'], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, DATABASE_URL: pipeline.database.url },
    });

    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^crm\taccount shop\tcreated /m);
  });

  it.each([
    ['campaign', () => `/v1/campaigns/${rivalCampaign}`],
    ['campaign export', () => `/v1/campaigns/${rivalCampaign}/recipients?format=csv`],
    ['campaign list', () => '/v1/campaigns?account=rival'],
    ['blacklist entries', () => '/v1/blacklist?account=rival'],
    ['account view', () => '/v1/accounts/rival'],
    ['limit history', () => '/v1/accounts/rival/limit-history'],
  ])("an account token gets 404 on another account's %s", async (_what, url) => {
    const res = await call(tokens.crm, url());

    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('gone@rival');
  });

  it("answers another account's campaign exactly as one that does not exist", async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const theirs = await call(tokens.crm, `/v1/campaigns/${rivalCampaign}`);
    const none = await call(tokens.crm, `/v1/campaigns/${unknown}`);

    expect((await theirs.text()).replace(rivalCampaign, 'ID')).toBe(
      (await none.text()).replace(unknown, 'ID'),
    );
  });

  it('refuses with 404 every change to another account: submit, blacklist add and remove, settings, unblock', async () => {
    const { recipients: _r, ...header } = campaignSubmit({ account: 'rival' });
    const answers = [
      await submit(tokens.crm, 'rival'),
      await call(tokens.crm, '/v1/campaigns', {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson' },
        body: `${JSON.stringify(header)}\n{"email":"a@rival.example"}\n`,
      }),
      await call(tokens.crm, '/v1/blacklist', json({ account: 'rival', address: 'x@rival.example' })),
      await call(tokens.crm, '/v1/blacklist/gone@rival.example?account=rival', { method: 'DELETE' }),
      await call(tokens.crm, '/v1/accounts/rival', {
        method: 'PUT',
        body: JSON.stringify({ dailyLimit: 500 }),
      }),
      await call(tokens.crm, '/v1/accounts/rival/unblock', json({})),
    ];

    expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    expect(
      await pipeline.db.query(`select count(*)::int as n from campaigns where account_id = 'rival'`),
    ).toMatchObject({
      rows: [{ n: 1 }],
    });
    expect(
      (
        await pipeline.db.query(
          `select email_normalized from blacklist where account_id = 'rival' order by 1`,
        )
      ).rows,
    ).toEqual([{ email_normalized: 'gone@rival.example' }]);
  });

  it('lets an account token act on its own account, and records its name as the actor', async () => {
    const own = await call(tokens.crm, `/v1/campaigns/${shopCampaign}`);
    const exported = await call(tokens.crm, `/v1/campaigns/${shopCampaign}/recipients?format=ndjson`);
    const mine = (await (await call(tokens.crm, '/v1/blacklist')).json()) as { items: { account: string }[] };
    const added = await call(
      tokens.crm,
      '/v1/blacklist',
      json({ account: 'shop', address: 'new@shop.example' }),
    );
    const removed = await call(tokens.crm, '/v1/blacklist/new@shop.example?account=shop&reason=typo', {
      method: 'DELETE',
    });
    const put = await call(tokens.crm, '/v1/accounts/shop', {
      method: 'PUT',
      body: JSON.stringify({ dailyLimit: 500 }),
    });
    await pipeline.db.query(
      `update accounts set status = 'blocked', block_reason = 'test' where id = 'shop'`,
    );
    const unblocked = await call(tokens.crm, '/v1/accounts/shop/unblock', json({ reason: 'list cleaned' }));
    const submitted = await submit(tokens.crm, 'shop');

    expect([own.status, exported.status, added.status, removed.status, put.status, unblocked.status]).toEqual(
      [200, 200, 201, 204, 200, 200],
    );
    expect(submitted.status).toBe(201);
    expect((await exported.text()).trim().split('\n')).toHaveLength(2);
    expect(new Set(mine.items.map((i) => i.account))).toEqual(new Set(['shop']));
    const audit = await pipeline.db.query(
      `select action, actor from blacklist_audit where email_normalized = 'new@shop.example' order by id`,
    );
    expect(audit.rows).toEqual([
      { action: 'added', actor: 'crm' },
      { action: 'removed', actor: 'crm' },
    ]);
    const history = (await (await call(tokens.crm, '/v1/accounts/shop/limit-history')).json()) as {
      items: { rule: string; actor: string }[];
    };
    expect(history.items.map((h) => [h.rule, h.actor])).toEqual([
      ['unblock', 'crm'],
      ['operator', 'crm'],
    ]);
  });

  it('records the bootstrap token as `bootstrap` and refuses an actor named in the request', async () => {
    const named = await call(
      API_TOKEN,
      '/v1/blacklist',
      json({ account: 'shop', address: 'op@shop.example', operator: 'ada' }),
    );
    const inQuery = await call(API_TOKEN, '/v1/blacklist/gone@shop.example?account=shop&operator=ada', {
      method: 'DELETE',
    });
    const inSettings = await call(API_TOKEN, '/v1/accounts/shop', {
      method: 'PUT',
      body: JSON.stringify({ dailyLimit: 600, operator: 'ada' }),
    });
    const plain = await call(
      API_TOKEN,
      '/v1/blacklist',
      json({ account: 'shop', address: 'op@shop.example' }),
    );

    expect([named.status, inQuery.status, inSettings.status]).toEqual([400, 400, 400]);
    expect(((await named.json()) as { message: string }).message).toMatch(/records the API token's name/);
    expect(plain.status).toBe(201);
    const audit = await pipeline.db.query(
      `select actor from blacklist_audit where email_normalized = 'op@shop.example'`,
    );
    expect(audit.rows).toEqual([{ actor: 'bootstrap' }]);
  });

  it('lets an operator token see every account', async () => {
    const answers = await Promise.all([
      call(tokens.ops, `/v1/campaigns/${rivalCampaign}`),
      call(tokens.ops, `/v1/campaigns/${shopCampaign}`),
      call(tokens.ops, '/v1/accounts/rival'),
      call(tokens.ops, '/v1/blacklist?account=rival'),
    ]);

    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
  });

  it('keeps token management to operators; a token made over the API works at once and dies when revoked', async () => {
    const asAccount = await call(tokens.crm, '/v1/tokens');
    const made = await call(tokens.ops, '/v1/tokens', json({ name: 'shop-export', account: 'shop' }));
    const body = (await made.json()) as { token: string; name: string; scope: string; account: string };
    const listed = await (await call(API_TOKEN, '/v1/tokens')).text();
    const before = await call(body.token, `/v1/campaigns/${shopCampaign}`);
    const revoked = await call(tokens.ops, '/v1/tokens/shop-export', { method: 'DELETE' });
    const after = await call(body.token, `/v1/campaigns/${shopCampaign}`);
    const bootstrap = await call(tokens.ops, '/v1/tokens/bootstrap', { method: 'DELETE' });

    expect(asAccount.status).toBe(403);
    expect(made.status).toBe(201);
    expect(body).toMatchObject({ name: 'shop-export', scope: 'account', account: 'shop' });
    expect(listed).toContain('"name":"shop-export"');
    expect(listed).not.toContain(body.token);
    expect([before.status, revoked.status, after.status, bootstrap.status]).toEqual([200, 204, 401, 409]);
  });

  it('npm run token -- revoke: the revoked token gets 401 on its next request', async () => {
    expect((await call(tokens['rival-crm'], `/v1/campaigns/${rivalCampaign}`)).status).toBe(200);

    const revoked = await tokenCli(pipeline.database.url, 'revoke', '--name', 'rival-crm');
    const unknown = await tokenCli(pipeline.database.url, 'revoke', '--name', 'nobody');

    expect(revoked.code).toBe(0);
    expect(unknown.code).toBe(1);
    expect((await call(tokens['rival-crm'], `/v1/campaigns/${rivalCampaign}`)).status).toBe(401);
    const listed = await tokenCli(pipeline.database.url, 'list');
    expect(listed.stdout).toMatch(/^rival-crm\taccount rival\tcreated \S+\trevoked \S+$/m);
  });
});
