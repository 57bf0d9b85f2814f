import { HEADER } from '@postroom/messaging';
import { campaignSubmit, publishRaw, tapQueue, waitFor } from '@postroom/testing';
import { simpleParser } from 'mailparser';
import { createHash } from 'node:crypto';
import { API_TOKEN, Pipeline } from './pipeline-harness';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const NEWSLETTER = `<!DOCTYPE html>
<html><head>
<style>
  .lead { color: #336699; font-family: Arial, sans-serif; }
  @media only screen and (max-width: 620px) { .lead { font-size: 18px !important; } }
</style>
</head>
<body>
<table width="600" align="center"><tr><td>
<img src="https://cdn.shop.example/hero.png" width="900" alt="">
<img src="https://cdn.shop.example/logo.png" alt="">
<p class="lead">Hello {{name}}, <a href="https://shop.example/sale">see the sale</a></p>
</td></tr></table>
</body></html>`;

const MJML = `<mjml>
  <mj-body width="600px">
    <mj-section>
      <mj-column>
        <mj-text>Hi {{name}}</mj-text>
        <mj-button href="https://shop.example/spring">Shop</mj-button>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;

interface Finding {
  severity: string;
  element: string;
  message: string;
}

/** Templates and audiences through the running scheduler and sender: the API, the broker, Postgres, SMTP. */
describe('content over the API and the broker (templates and audiences)', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await Pipeline.start({ env: { TEMPLATE_MAX_BYTES: '65536' } });
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  const post = (body: unknown, token = API_TOKEN) =>
    fetch(`${pipeline.url('scheduler')}/v1/campaigns`, {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
  const get = (path: string, token = API_TOKEN) =>
    fetch(`${pipeline.url('scheduler')}${path}`, { headers: { authorization: `Bearer ${token}` } });

  describe('templates', () => {
    it('stores the HTML inlined, reports its findings, and sends it with the pixel and tracked links', async () => {
      const body = campaignSubmit({
        account: 'tpl',
        html: NEWSLETTER,
        text: undefined,
        recipients: [{ email: 'ada@tpl.example', name: 'Ada' }],
      });

      const res = await post(body);
      const created = (await res.json()) as { id: string; templateReport: Finding[] };

      expect(res.status).toBe(201);
      expect(created.templateReport).toEqual([
        {
          severity: 'error',
          element: '<img src="https://cdn.shop.example/hero.png" width="900">',
          message: 'image is 900 px wide (width="900"), more than 640 px',
        },
        expect.objectContaining({
          severity: 'warning',
          element: '<img src="https://cdn.shop.example/logo.png">',
        }),
      ]);
      const view = (await (await get(`/v1/campaigns/${created.id}`)).json()) as { templateReport: Finding[] };
      expect(view.templateReport).toEqual(created.templateReport);

      await waitFor(async () => (await pipeline.statusCounts(created.id)).sent === 1, { message: 'sent' });
      const mail = await simpleParser(
        pipeline.smtp.messages.find((m) => m.to.includes('ada@tpl.example'))!.raw,
      );
      const html = String(mail.html);
      expect(html).toMatch(
        /<p class="lead" style="color: #336699; font-family: Arial, sans-serif;">Hello Ada, /,
      );
      expect(html).toMatch(/<style>\s*@media only screen and \(max-width: 620px\)/);
      expect(html).toMatch(/href="http:\/\/127\.0\.0\.1:\d+\/c\/[^"]+">see the sale/);
      expect(html).toMatch(/<img src="http:\/\/127\.0\.0\.1:\d+\/o\/[^"]+"/);
      // the text part, made by html-to-text, keeps the link as written (the sender tracks HTML links)
      expect(mail.text).toMatch(/^Hello Ada, see the sale \[https:\/\/shop\.example\/sale\]/);
    });

    it('takes mjml instead of html, compiles it, and sends the result', async () => {
      const body = campaignSubmit({
        account: 'tpl',
        html: undefined,
        mjml: MJML,
        recipients: [{ email: 'grace@tpl.example', name: 'Grace' }],
      });

      const res = await post(body);
      const created = (await res.json()) as { id: string; templateReport: Finding[] };

      expect(res.status).toBe(201);
      expect(created.templateReport).toEqual([]);
      await waitFor(async () => (await pipeline.statusCounts(created.id)).sent === 1, { message: 'sent' });
      const mail = await simpleParser(
        pipeline.smtp.messages.find((m) => m.to.includes('grace@tpl.example'))!.raw,
      );
      expect(String(mail.html)).toContain('Hi Grace');
      expect(String(mail.html)).toMatch(/<!--\[if mso \| IE\]>/);
    });

    it.each([
      [
        'MJML that does not compile',
        {
          html: undefined,
          mjml: '<mjml>\n<mj-body>\n<mj-section>\n<mj-text>loose</mj-text>\n</mj-section>\n</mj-body>\n</mjml>',
        },
        422,
        /^template refused: line 4: MJML: mj-text: mj-text cannot be used inside mj-section/,
      ],
      [
        'HTML with a script',
        { html: '<p>Hi</p>\n<script>steal()</script>' },
        422,
        /line 2: a <script> element is not allowed/,
      ],
      [
        'broken HTML',
        { html: '<table width="600"><tr><td>Hi <a href="https://x.example">x' },
        422,
        /<table width="600"> is never closed/,
      ],
      [
        'huge HTML',
        { html: `<p>${'x'.repeat(70_000)}</p>` },
        422,
        /html is 70007 bytes, more than the 65536 accepted/,
      ],
      ['both html and mjml', { mjml: MJML }, 400, /\/html and \/mjml are both given/],
      ['neither html nor mjml', { html: undefined }, 400, /\/html or \/mjml is required/],
    ])(
      'refuses %s with a 4xx naming the problem, storing nothing',
      async (_what, content, status, message) => {
        const body = campaignSubmit({ account: 'tpl-bad', ...content });

        const res = await post(body);
        const answer = (await res.json()) as {
          message: string;
          problems: { message: string; line?: number }[];
        };

        expect(res.status).toBe(status);
        expect(answer.message).toMatch(message);
        expect(answer.problems.length).toBeGreaterThan(0);
        expect(await pipeline.campaignId(body.idempotencyKey)).toBeUndefined();
      },
    );

    it('takes mjml in the header line of an NDJSON segment, and refuses a bad one before reading the recipients', async () => {
      const ndjson = (header: object, n: number) =>
        fetch(`${pipeline.url('scheduler')}/v1/campaigns`, {
          method: 'POST',
          body: [
            JSON.stringify(header),
            ...Array.from({ length: n }, (_, i) => JSON.stringify({ email: `nd${i}@tpl.example` })),
          ].join('\n'),
          headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${API_TOKEN}` },
        });
      const { recipients: _r, ...good } = campaignSubmit({ account: 'tpl-nd', html: undefined, mjml: MJML });
      const { recipients: _b, ...bad } = campaignSubmit({
        account: 'tpl-nd',
        html: '<p>Hi</p><iframe src="https://x.example"></iframe>',
      });

      const ok = await ndjson(good, 300);
      const refused = await ndjson(bad, 300);

      expect(ok.status).toBe(201);
      expect(await ok.json()).toMatchObject({ recipientCount: 300, templateReport: [] });
      expect(refused.status).toBe(422);
      expect(((await refused.json()) as { message: string }).message).toMatch(/an <iframe> element/);
      expect(await pipeline.campaignId(bad.idempotencyKey)).toBeUndefined();
    });

    it('dead-letters a campaign.submit whose MJML does not compile, with the reason, and takes a good one', async () => {
      const dlq = await tapQueue(pipeline.namespace, `${pipeline.namespace}.scheduler.campaign-submit`, {
        deadLetters: true,
      });
      const bad = campaignSubmit({
        account: 'tpl-broker',
        html: undefined,
        mjml: '<mjml>\n<mj-body>\n<mj-column><mj-image src="a.png" widht="3px" /></mj-column>\n</mj-body>\n</mjml>',
      });
      const good = campaignSubmit({ account: 'tpl-broker', html: undefined, mjml: MJML });

      await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(bad));
      await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(good));

      const id = await waitFor(() => pipeline.campaignId(good.idempotencyKey), {
        message: 'good one stored',
      });
      await waitFor(() => dlq.messages.length === 1, { message: 'one dead letter' });
      expect(String(dlq.messages[0].headers[HEADER.reason])).toMatch(
        /^template refused: line 3: MJML: mj-column: mj-column cannot be used inside mj-body.*line 3: MJML: mj-image: Attribute widht is illegal/,
      );
      expect(await pipeline.campaignId(bad.idempotencyKey)).toBeUndefined();
      const stored = await pipeline.db.query<{ html: string }>(`select html from campaigns where id = $1`, [
        id,
      ]);
      expect(stored.rows[0].html).toMatch(/^<!doctype html>/i);
      await dlq.close();
    });
  });

  describe('audiences', () => {
    let campaignId: string;
    let shopToken: string;

    beforeAll(async () => {
      const made = await fetch(`${pipeline.url('scheduler')}/v1/tokens`, {
        method: 'POST',
        body: JSON.stringify({ name: 'shop-ads', account: 'ads' }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}` },
      });
      shopToken = ((await made.json()) as { token: string }).token;
      const body = campaignSubmit({
        account: 'ads',
        recipients: [
          { email: 'Test@Example.com' },
          { email: 'ada@ads.example' },
          { email: 'manual@ads.example' },
          { email: 'unsub@ads.example' },
        ],
      });
      campaignId = ((await (await post(body)).json()) as { id: string }).id;
      await waitFor(async () => (await pipeline.statusCounts(campaignId)).sent === 4, { message: 'sent' });
      const listed = await fetch(`${pipeline.url('scheduler')}/v1/blacklist`, {
        method: 'POST',
        body: JSON.stringify({ account: 'ads', address: 'manual@ads.example' }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${API_TOKEN}` },
      });
      expect(listed.status).toBe(201);
      // as the tracker records a one-click unsubscribe
      await pipeline.db.query(
        `insert into blacklist (account_id, email_normalized, reason, source) values ('ads', 'unsub@ads.example', 'unsubscribed', 'unsubscribe')`,
      );
      // a second campaign to the same person: the account's audience lists her once
      const again = campaignSubmit({ account: 'ads', recipients: [{ email: 'ADA@ads.example' }] });
      const second = ((await (await post(again)).json()) as { id: string }).id;
      await waitFor(async () => (await pipeline.statusCounts(second)).sent === 1, { message: 'second sent' });
    });

    it('streams a campaign as Google Customer Match CSV, hashes as published, and says how many were left out', async () => {
      const res = await get(`/v1/campaigns/${campaignId}/audience?format=google`, shopToken);

      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('x-postroom-excluded')).toBe('2');
      expect(await res.text()).toBe(
        'Email,Phone\r\n' +
          '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b,\r\n' + // sha256("test@example.com")
          `${sha256('ada@ads.example')},\r\n`,
      );
    });

    it('streams the Meta format with its column names', async () => {
      const res = await get(`/v1/campaigns/${campaignId}/audience?format=meta`);

      expect((await res.text()).split('\r\n')[0]).toBe('email,phone');
    });

    it('puts the left-out contacts back with include=all, for operators only', async () => {
      const all = await get(`/v1/campaigns/${campaignId}/audience?format=google&include=all`);
      const asAccount = await get(
        `/v1/campaigns/${campaignId}/audience?format=google&include=all`,
        shopToken,
      );

      expect(all.status).toBe(200);
      expect(all.headers.get('x-postroom-excluded')).toBe('0');
      const lines = (await all.text()).trimEnd().split('\r\n');
      expect(lines).toHaveLength(5);
      expect(lines).toContain(`${sha256('unsub@ads.example')},`);
      expect(asAccount.status).toBe(403);
      expect(((await asAccount.json()) as { message: string }).message).toMatch(/operator token/);
    });

    it('lists every contact the account has sent to once', async () => {
      const res = await get(`/v1/accounts/ads/audience?format=google`, shopToken);

      expect(res.headers.get('x-postroom-excluded')).toBe('2');
      expect((await res.text()).trimEnd().split('\r\n').sort()).toEqual(
        ['Email,Phone', `${sha256('ada@ads.example')},`, `${sha256('test@example.com')},`].sort(),
      );
    });

    it('gives a caller without a valid token nothing: no token, a forged one, one of the right shape but unknown', async () => {
      const paths = [
        `/v1/campaigns/${campaignId}/audience?format=google`,
        `/v1/accounts/ads/audience?format=meta`,
      ];
      const attempts = paths.flatMap((p) => [
        fetch(`${pipeline.url('scheduler')}${p}`),
        get(p, `${API_TOKEN}x`),
        get(p, 'pr_' + 'a'.repeat(40)),
      ]);

      const answers = await Promise.all(attempts);

      expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401]);
      for (const r of answers) {
        expect(r.headers.get('x-postroom-excluded')).toBeNull();
        expect(await r.text()).not.toMatch(/[0-9a-f]{64}/);
      }
    });

    it('answers 404 for another account’s campaign or account, and 400 for a bad format', async () => {
      const other = ((await (await post(campaignSubmit({ account: 'not-ads' }))).json()) as { id: string })
        .id;

      const statuses = await Promise.all(
        [
          get(`/v1/campaigns/${other}/audience?format=google`, shopToken),
          get(`/v1/accounts/not-ads/audience?format=google`, shopToken),
          get(`/v1/accounts/nobody/audience?format=google`),
          get(`/v1/campaigns/not-a-uuid/audience?format=google`),
        ].map(async (r) => (await r).status),
      );
      const bad = await get(`/v1/campaigns/${campaignId}/audience?format=tiktok`);

      expect(statuses).toEqual([404, 404, 404, 404]);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { message: string }).message).toMatch(
        /query parameter `format` must be google or meta/,
      );
    });
  });
});
