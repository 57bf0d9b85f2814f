import { recipients, waitFor } from '@postroom/testing';
import type { Browser, Page } from 'playwright-core';
import { API_TOKEN, Pipeline } from './pipeline-harness';
import { launchChromium, shot, signIn, watchedPage } from './console-browser';

const XSS = '<script>window.__pwned = 1</script>';

/** What the tests read of the page's global scope (the DOM's types are not in this project's lib). */
type Marks = typeof globalThis & {
  __samePage?: boolean;
  __pwned?: number;
  document: { querySelector(s: string): { textContent: string | null } | null };
};

/**
 * The operator console in Debian's Chromium, against the running scheduler and sender: every
 * page is driven as an operator would, and each is saved as a screenshot (artifacts/console/).
 */
describe('operator console (Chromium)', () => {
  let pipeline: Pipeline;
  let browser: Browser;
  let base: string;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['scheduler', 'sender'] });
    base = pipeline.url('scheduler');
    browser = await launchChromium();
    ({ page, problems } = await watchedPage(browser));
  });

  afterAll(async () => {
    await browser?.close();
    await pipeline?.stop();
  });

  const submit = async (
    account: string,
    key: string,
    n: number,
    extra: { subject?: string; sendAt?: Date } = {},
  ) => {
    const res = await pipeline.api('/v1/campaigns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: key,
        account,
        from: `news@${account}.example`,
        subject: extra.subject ?? 'Winter sale',
        html: '<p>Hello {{name}}</p>',
        sendAt: extra.sendAt?.toISOString(),
        recipients: recipients(n, `${account}.example`),
      }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  };
  const count = (p: Page, key: string) => p.textContent(`[data-count="${key}"]`).then(Number);

  it('refuses a wrong token and signs in with a live one, the cookie HttpOnly and SameSite=Strict', async () => {
    await page.goto(`${base}/console/campaigns`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await page.fill('input[name=token]', 'prt_not-a-token');
    await page.click('button[type=submit]');
    expect(await page.textContent('.error')).toContain('not a live API token');
    await shot(page, 'sign-in');

    await signIn(page, base, API_TOKEN);

    expect(await page.textContent('[data-who]')).toBe('bootstrap');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'postroom_console')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/console', secure: false });
    const res = await page.request.get(`${base}/console/campaigns`);
    expect(res.headers()['content-security-policy']).toContain("script-src 'self'");
  });

  it("watches a running campaign's counts rise, live, without reloading the page", async () => {
    // due in a few seconds: the page opens on nothing sent yet
    const id = await submit('shop', 'live-1', 300, { sendAt: new Date(Date.now() + 4000) });
    await page.goto(`${base}/console/campaigns?account=shop`);
    await shot(page, 'campaigns');
    await page.click(`[data-campaign="${id}"] h2 a`);
    expect(await page.textContent('[data-state]')).toBe('running');
    expect(await count(page, 'sent')).toBe(0);
    expect(await count(page, 'queued')).toBe(300);
    await page.evaluate(() => void ((globalThis as Marks).__samePage = true));

    // htmx polls the counts in place: the number rises to the end on the same page
    const seen = new Set<number>();
    await waitFor(
      async () => {
        const sent = await count(page, 'sent');
        seen.add(sent);
        return sent === 300;
      },
      { timeoutMs: 30_000, intervalMs: 100 },
    );

    expect(await page.evaluate(() => (globalThis as Marks).__samePage)).toBe(true);
    expect(await count(page, 'queued')).toBe(0);
    expect(Math.min(...seen)).toBe(0);
    await shot(page, 'campaign');
    expect(pipeline.smtp.messages.length).toBeGreaterThanOrEqual(300);
  });

  it('pauses, resumes and cancels a campaign in the console: unsent deliveries end as cancelled, audited with the token', async () => {
    const id = await submit('shop', 'cancel-1', 40, { sendAt: new Date(Date.now() + 3_600_000) });
    await page.goto(`${base}/console/campaigns/${id}`);

    await page.click('button.pause');
    expect(await page.textContent('[data-state]')).toBe('paused');
    await page.click('button.resume');
    expect(await page.textContent('[data-state]')).toBe('running');
    await page.click('button.cancel');

    expect(await page.textContent('[data-state]')).toBe('cancelled');
    expect(await count(page, 'cancelled')).toBe(40);
    expect(await page.locator('.actions button').count()).toBe(0);
    const trail = await page.locator('table tr td:nth-child(2)').allTextContents();
    expect(trail).toEqual(['cancelled', 'resumed', 'paused']);
    expect(await page.locator('table tr td:nth-child(3)').allTextContents()).toEqual([
      'bootstrap',
      'bootstrap',
      'bootstrap',
    ]);
    const csv = await (await page.request.get(`${base}/console/campaigns/${id}/export?format=csv`)).text();
    expect(csv.split('\r\n').filter((l) => l.includes(',cancelled,'))).toHaveLength(40);
    await shot(page, 'campaign-cancelled');
  });

  it("shows a campaign's template findings and hands out its audience for the ad platforms", async () => {
    const res = await pipeline.api('/v1/campaigns', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: 'findings-1',
        account: 'shop',
        from: 'news@shop.example',
        subject: 'With a picture',
        html: '<p>Hello</p><img src="https://shop.example/banner.png" alt="banner">',
        sendAt: new Date(Date.now() + 3_600_000).toISOString(),
        recipients: recipients(3, 'shop.example', 'fan'),
      }),
    });
    const { id, templateReport } = (await res.json()) as { id: string; templateReport: unknown[] };
    await page.goto(`${base}/console/campaigns/${id}`);

    expect(await page.locator('ul.findings li').count()).toBe(templateReport.length);
    expect(templateReport.length).toBeGreaterThan(0);
    const csv = await (
      await page.request.get(`${base}/console/campaigns/${id}/audience?format=google`)
    ).text();
    expect(csv.split('\r\n')[0]).toMatch(/^Email,Phone/i);
    expect(csv.trim().split('\r\n')).toHaveLength(4);
    await shot(page, 'campaign-findings');
  });

  it('opens a blocked account, shows why and its limit history as a chart, and unblocks it with a reason', async () => {
    await submit('blocked-shop', 'b-1', 1);
    await pipeline.db.query(
      `update accounts set status = 'blocked', block_reason = 'complaints 1.2% over 250 emails' where id = 'blocked-shop'`,
    );
    await pipeline.db.query(
      `insert into limit_history (account_id, day, old_limit, new_limit, old_status, new_status, rule, reason, figures, actor)
       values ('blocked-shop', '2026-11-30', 1000, 1500, 'active', 'active', 'grow', 'a busy, clean day', '{"delivered":1000}', 'reputation'),
              ('blocked-shop', '2026-12-01', 1500, 1500, 'active', 'blocked', 'block', 'complaints 1.2%', '{"complaints":3}', 'reputation')`,
    );
    await page.goto(`${base}/console/accounts`);
    await shot(page, 'accounts');
    await page.click('a[href="/console/accounts/blocked-shop"]');
    expect(await page.textContent('[data-status]')).toBe('blocked');
    expect(await page.textContent('[data-block-reason]')).toBe('complaints 1.2% over 250 emails');
    expect(await page.locator('svg.chart circle').count()).toBe(2);
    await shot(page, 'account-blocked');

    await page.fill('input[name=reason]', 'list cleaned by Anna');
    await page.click('button.unblock');

    expect(await page.textContent('[data-status]')).toBe('active');
    const audit = await pipeline.db.query(
      `select rule, reason, actor from limit_history where account_id = 'blocked-shop' and rule = 'unblock'`,
    );
    expect(audit.rows).toEqual([{ rule: 'unblock', reason: 'list cleaned by Anna', actor: 'bootstrap' }]);
    await shot(page, 'account');
  });

  it('finds a blacklisted address, shows its <script> diagnostic as text, and removes it after confirming', async () => {
    await pipeline.db.query(
      `insert into blacklist (account_id, email_normalized, reason, source, diagnostic) values
         ('shop', 'gone@shop.example', 'userunknown', 'smtp', $1),
         ('shop', 'left@shop.example', 'unsubscribed', 'tracker', null),
         ('shop', 'other@shop.example', 'blocked', 'dsn', '554 blocked')`,
      [`550 5.1.1 ${XSS} no such user`],
    );
    await page.goto(`${base}/console/blacklist`);
    await page.fill('input[name=address]', 'gone@');
    await page.click('form.filters button');

    const rows = page.locator('tr[data-entry]');
    expect(await rows.count()).toBe(1);
    expect(await page.textContent('tr[data-entry] pre.diagnostic')).toBe(`550 5.1.1 ${XSS} no such user`);
    expect(await page.textContent('tr[data-entry]')).toContain('the address does not exist');
    expect(await page.evaluate(() => (globalThis as Marks).__pwned)).toBeUndefined();
    await shot(page, 'blacklist');

    await page.click('tr[data-entry] a');
    await shot(page, 'blacklist-remove');
    await page.click('button.remove');

    expect(await page.textContent('.notice')).toBe('gone@shop.example was removed');
    const left = await pipeline.db.query(
      `select 1 from blacklist where email_normalized = 'gone@shop.example'`,
    );
    expect(left.rowCount).toBe(0);
    const audit = await pipeline.db.query(
      `select action, actor from blacklist_audit where email_normalized = 'gone@shop.example'`,
    );
    expect(audit.rows).toEqual([{ action: 'removed', actor: 'bootstrap' }]);
  });

  it('cannot remove an unsubscribe, and says why', async () => {
    await page.goto(`${base}/console/blacklist?account=shop&reason=unsubscribed`);
    await page.click('tr[data-entry="left@shop.example"] a');

    expect(await page.textContent('[data-why]')).toContain('must opt in again');
    expect(await page.locator('button.remove').count()).toBe(0);
    await shot(page, 'blacklist-unsubscribed');
    // a hand-made POST is refused as well
    const csrf = await page.getAttribute('header input[name=_csrf]', 'value');
    const res = await page.request.post(`${base}/console/blacklist/remove`, {
      form: { _csrf: csrf!, account: 'shop', address: 'left@shop.example' },
    });
    expect(res.status()).toBe(409);
    const still = await pipeline.db.query(
      `select 1 from blacklist where email_normalized = 'left@shop.example'`,
    );
    expect(still.rowCount).toBe(1);
  });

  it('shows the quarantine and the notices, mail text escaped', async () => {
    await pipeline.db.query(
      `insert into quarantine (source, cause, detail, envelope_to, size, raw) values ('smtp', 'unmatched', 'no signed envelope', 'x@bounce.example', 40, $1)`,
      [Buffer.from(`Subject: hi\r\n\r\n${XSS}`)],
    );
    const campaign = (await pipeline.db.query<{ id: string }>(`select id from campaigns limit 1`)).rows[0].id;
    await pipeline.db.query(
      `insert into notices (campaign_id, account_id, to_address, subject, body, status) values ($1, 'shop', 'news@shop.example', $2, 'gone@shop.example: no such user', 'sent')`,
      [campaign, `Delivery failures ${XSS}`],
    );
    await page.goto(`${base}/console/quarantine`);
    expect(await page.textContent('pre.raw')).toContain(XSS);
    await shot(page, 'quarantine');
    await page.goto(`${base}/console/notices`);
    expect(await page.textContent('article h2')).toContain(XSS);
    expect(await page.evaluate(() => (globalThis as Marks).__pwned)).toBeUndefined();
    await shot(page, 'notices');
  });

  it("keeps an account token to its own account: another account's pages answer 404", async () => {
    const made = await pipeline.api('/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'crm-other', account: 'other' }),
    });
    const { token } = (await made.json()) as { token: string };
    await submit('other', 'o-1', 2, { subject: 'Other news' });
    const shopCampaign = (
      await pipeline.db.query<{ id: string }>(`select id from campaigns where account_id = 'shop' limit 1`)
    ).rows[0].id;
    const { page: theirs } = await watchedPage(browser);

    await signIn(theirs, base, token);

    expect(await theirs.textContent('[data-who]')).toBe('crm-other');
    const subjects = await theirs.locator('[data-campaign] h2 a').allTextContents();
    expect(subjects).toEqual(['Other news']);
    await shot(theirs, 'campaigns-account-token');
    for (const url of [
      `/console/campaigns/${shopCampaign}`,
      '/console/accounts/shop',
      '/console/blacklist?account=shop',
      '/console/quarantine',
    ]) {
      const res = await theirs.goto(`${base}${url}`);
      expect([url, res!.status()]).toEqual([url, 404]);
    }
    await theirs.goto(`${base}/console/accounts`);
    expect(new URL(theirs.url()).pathname).toBe('/console/accounts/other');
    await theirs.context().close();
  });

  it('pauses, resumes and cancels over the API too: 409 for a move the state forbids, 404 for another account', async () => {
    const id = await submit('shop', 'api-control', 5, { sendAt: new Date(Date.now() + 3_600_000) });
    const made = await pipeline.api('/v1/tokens', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'crm-elsewhere', account: 'elsewhere' }),
    });
    const { token } = (await made.json()) as { token: string };
    const post = (action: string, bearer = API_TOKEN) =>
      fetch(`${base}/v1/campaigns/${id}/${action}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}` },
      });

    expect((await post('pause', token)).status).toBe(404);
    expect(await (await post('pause')).json()).toEqual({ id, state: 'paused', cancelled: 0 });
    expect((await post('pause')).status).toBe(409);
    expect(await (await post('resume')).json()).toEqual({ id, state: 'running', cancelled: 0 });
    expect(await (await post('cancel')).json()).toEqual({ id, state: 'cancelled', cancelled: 5 });
    expect((await post('resume')).status).toBe(409);
    const view = (await (await pipeline.api(`/v1/campaigns/${id}`)).json()) as {
      state: string;
      counts: object;
    };
    expect(view).toMatchObject({ state: 'cancelled', counts: { cancelled: 5 } });
  });

  it('ends the session on sign-out: the old cookie opens nothing', async () => {
    const cookie = (await page.context().cookies()).find((c) => c.name === 'postroom_console')!;
    await page.goto(`${base}/console/campaigns`);

    await page.click('header button[type=submit]');

    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    const replay = await fetch(`${base}/console/campaigns`, {
      headers: { cookie: `postroom_console=${cookie.value}` },
      redirect: 'manual',
    });
    expect(replay.status).toBe(303);
    expect(replay.headers.get('location')).toBe('/console/sign-in');
  });

  it('refuses a form without the CSRF token, and the browser reported no CSP violation or script error', async () => {
    await signIn(page, base, API_TOKEN);
    const campaign = (
      await pipeline.db.query<{ id: string }>(`select id from campaigns where state = 'running' limit 1`)
    ).rows[0].id;
    const res = await page.request.post(`${base}/console/campaigns/${campaign}/pause`, {
      form: { _csrf: 'wrong' },
    });

    expect(res.status()).toBe(403);
    const state = await pipeline.db.query(`select state from campaigns where id = $1`, [campaign]);
    expect(state.rows[0].state).toBe('running');
    expect(problems).toEqual([]);
  });
});
