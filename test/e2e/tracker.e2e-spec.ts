import { campaignSubmit, headerOf, publishRaw, waitFor } from '@postroom/testing';
import { Pipeline } from './pipeline-harness';

/** The decoded HTML part of a caught message (quoted-printable undone). */
function htmlOf(raw: Buffer): string {
  const text = raw.toString('utf8');
  const start = text.indexOf('Content-Type: text/html');
  const body = text.slice(text.indexOf('\r\n\r\n', start) + 4);
  return body
    .slice(0, body.indexOf('\r\n--'))
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

describe('tracker: read status, clicks and one-click unsubscribe', () => {
  let pipeline: Pipeline;
  let campaignId: string;
  const urls = new Map<
    string,
    { open: string; clicks: string[]; unsubscribe: string; listUnsubscribe: string }
  >();

  beforeAll(async () => {
    pipeline = await Pipeline.start({ services: ['scheduler', 'sender', 'tracker'] });
    const body = campaignSubmit({
      account: 'tracked',
      html:
        '<html><body><p>Hi {{name}}</p><a href="https://shop.example/sale">Sale</a> ' +
        '<a href="https://shop.example/new?x=1&amp;y=2">New</a> <a href="mailto:help@shop.example">Help</a></body></html>',
      recipients: ['ada', 'bob', 'cat', 'dan', 'eve'].map((n) => ({
        email: `${n}@readers.example`,
        name: n,
      })),
    });
    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(body));
    campaignId = await waitFor(() => pipeline.campaignId(body.idempotencyKey), { message: 'stored' });
    await waitFor(async () => (await pipeline.statusCounts(campaignId)).sent === 5, { message: 'sent' });
    for (const m of pipeline.smtp.messages) {
      const html = htmlOf(m.raw);
      const tracker = pipeline.url('tracker');
      const find = (path: string) =>
        [...html.matchAll(new RegExp(`${tracker}/${path}/[\\w.-]+`, 'g'))].map((x) => x[0]);
      urls.set(m.to[0], {
        open: find('o')[0],
        clicks: find('c'),
        unsubscribe: find('u')[0],
        listUnsubscribe: headerOf(m.raw, 'List-Unsubscribe')!.replace(/^<|>$/g, ''),
      });
    }
    // these recipients read later than the 10-second scanner window
    await pipeline.db.query(
      `update deliveries set sent_at = now() - interval '1 hour' where email in ('ada@readers.example', 'bob@readers.example', 'dan@readers.example', 'eve@readers.example')`,
    );
  });

  afterAll(async () => {
    await pipeline?.stop();
  });

  const delivery = async (email: string) =>
    (
      await pipeline.db.query(
        `select d.id::text, d.read_at, d.read_machine_at,
                (select count(*)::int from tracking_events t where t.delivery_id = d.id and t.kind = 'open') as open_count,
                (select count(*)::int from tracking_events t where t.delivery_id = d.id and t.kind = 'click') as click_count
           from deliveries d where d.email = $1`,
        [email],
      )
    ).rows[0];
  const events = async (email: string) =>
    (
      await pipeline.db.query(
        `select kind, machine, machine_reason from tracking_events t join deliveries d on d.id = t.delivery_id where d.email = $1 order by t.id`,
        [email],
      )
    ).rows;

  it('puts one pixel, tracked links (not mailto) and one-click headers in every email, each for its one delivery', () => {
    expect(urls.size).toBe(5);
    for (const u of urls.values()) {
      expect(u.open).toBeDefined();
      expect(u.clicks).toHaveLength(2);
      expect(u.listUnsubscribe).toBe(u.unsubscribe);
    }
    const opens = [...urls.values()].map((u) => u.open);
    expect(new Set(opens).size).toBe(5);
    const raw = pipeline.smtp.messages[0].raw;
    expect(headerOf(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(htmlOf(raw)).toContain('href="mailto:help@shop.example"');
  });

  it('answers the pixel with a 43-byte GIF, no-cache; the first open sets the read time, later ones count', async () => {
    const ada = urls.get('ada@readers.example')!;
    const browser = {
      'user-agent': 'Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 Version/17.1 Safari/605.1.15',
    };

    const first = await fetch(ada.open, { headers: browser });
    const bytes = Buffer.from(await first.arrayBuffer());
    await waitFor(async () => (await delivery('ada@readers.example')).read_at, { message: 'read recorded' });
    const readAt = (await delivery('ada@readers.example')).read_at;
    await fetch(ada.open, { headers: browser });

    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/gif');
    expect(first.headers.get('cache-control')).toMatch(/no-store/);
    expect(bytes).toHaveLength(43);
    expect(bytes.subarray(0, 6).toString()).toBe('GIF89a');
    await waitFor(async () => (await delivery('ada@readers.example')).open_count === 2, {
      message: 'second open counted',
    });
    expect((await delivery('ada@readers.example')).read_at).toEqual(readAt);
    // one reader never marks another read
    expect((await delivery('bob@readers.example')).read_at).toBeNull();
  });

  it('records machine opens with the reason, never as read: proxies, HEAD, and opens seconds after the send', async () => {
    // Apple Mail Privacy Protection's fetcher: the bare product token (Gmail's image proxy, by
    // contrast, is a person's open: DESIGN §1)
    await fetch(urls.get('bob@readers.example')!.open, { headers: { 'user-agent': 'Mozilla/5.0' } });
    await fetch(urls.get('bob@readers.example')!.open, { method: 'HEAD' });
    await fetch(urls.get('cat@readers.example')!.open, { headers: { 'user-agent': 'Mozilla/5.0 Safari' } });

    await waitFor(
      async () =>
        (await events('bob@readers.example')).length === 2 &&
        (await events('cat@readers.example')).length === 1,
      {
        message: 'machine opens recorded',
      },
    );
    expect(await events('bob@readers.example')).toEqual([
      { kind: 'open', machine: true, machine_reason: 'privacy-proxy: Apple Mail Privacy Protection' },
      { kind: 'open', machine: true, machine_reason: 'head-request' },
    ]);
    expect(await events('cat@readers.example')).toEqual([
      { kind: 'open', machine: true, machine_reason: 'within 10s of the send' },
    ]);
    expect(await delivery('bob@readers.example')).toMatchObject({
      read_at: null,
      read_machine_at: expect.anything(),
    });
  });

  it('answers a tampered or unknown pixel token with the GIF too, and records nothing', async () => {
    const before = (await pipeline.db.query(`select count(*)::int as n from tracking_events`)).rows[0].n;
    const tampered = urls.get('dan@readers.example')!.open.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));

    const res = await fetch(tampered);
    const junk = await fetch(`${pipeline.url('tracker')}/o/not-a-token`);

    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toHaveLength(43);
    expect(junk.status).toBe(200);
    // the recorder thread checks the tokens just after the answers
    await waitFor(
      async () =>
        /postroom_tracking_invalid_tokens_total\{route="open",service="tracker"\} 2\n/.test(
          await pipeline.metrics('tracker'),
        ),
      { message: 'two invalid open tokens counted' },
    );
    expect((await pipeline.db.query(`select count(*)::int as n from tracking_events`)).rows[0].n).toBe(
      before,
    );
  });

  it('redirects a click only to the stored target, counts it as read, and never redirects elsewhere', async () => {
    const dan = urls.get('dan@readers.example')!;
    const tracker = pipeline.url('tracker');

    const click = await fetch(`${dan.clicks[1]}?url=https://evil.example/`, { redirect: 'manual' });
    const shapes = [
      `${tracker}/c//evil.example`,
      `${tracker}/c/%2F%2Fevil.example`,
      `${tracker}/c/\\evil.example`,
      `${tracker}/c/?url=https://evil.example`,
      dan.clicks[0].replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      `${tracker}/c/${dan.open.split('/o/')[1]}`,
    ];
    const answers = [];
    for (const url of shapes) {
      const res = await fetch(url, { redirect: 'manual' });
      answers.push({ status: res.status, location: res.headers.get('location') });
    }

    expect(click.status).toBe(302);
    expect(click.headers.get('location')).toBe('https://shop.example/new?x=1&y=2');
    for (const a of answers) {
      expect(a.status).toBe(404);
      expect(a.location).toBeNull();
    }
    await waitFor(async () => (await delivery('dan@readers.example')).click_count === 1, {
      message: 'click recorded',
    });
    expect((await delivery('dan@readers.example')).read_at).not.toBeNull();
  });

  it('flags clicks on several links within a second as a machine burst', async () => {
    const eve = urls.get('eve@readers.example')!;

    await fetch(eve.clicks[0], { redirect: 'manual' });
    await fetch(eve.clicks[1], { redirect: 'manual' });

    await waitFor(async () => (await events('eve@readers.example')).length === 2, {
      message: 'clicks recorded',
    });
    const recorded = await events('eve@readers.example');
    expect(recorded[1]).toEqual({
      kind: 'click',
      machine: true,
      machine_reason: 'burst: several links within a second',
    });
  });

  it('shows read (people) and read_machine apart in the campaign counts and the export', async () => {
    const view = (await (await pipeline.api(`/v1/campaigns/${campaignId}`)).json()) as { reads: unknown };
    const csv = await (await pipeline.api(`/v1/campaigns/${campaignId}/recipients?format=csv`)).text();

    // ada (open), dan (click), eve (first click) read; bob and cat only machine opens
    expect(view.reads).toEqual({ read: 3, read_machine: 2 });
    const bob = csv.split('\r\n').find((l) => l.startsWith('bob@'))!;
    // no read_at, a read_machine_at, and no phone (the last column, for SMS)
    expect(bob).toMatch(/,,\d{4}-\d\d-\d\dT[^,]+,$/);
  });

  it('shows a confirmation page on GET that changes nothing, unsubscribes on POST, idempotently', async () => {
    const ada = urls.get('ada@readers.example')!;
    const entry = async () =>
      (
        await pipeline.db.query(
          `select reason, source from blacklist where email_normalized = 'ada@readers.example'`,
        )
      ).rows;

    const page = await fetch(ada.unsubscribe);
    const pageHtml = await page.text();
    const afterGet = await entry();
    const oneClick = await fetch(ada.listUnsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    });
    const again = await fetch(ada.unsubscribe, {
      method: 'POST',
      body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
      redirect: 'manual',
    });

    expect(page.status).toBe(200);
    expect(pageHtml).toContain('<form method="post">');
    expect(afterGet).toEqual([]);
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get('location')).toBeNull();
    expect(oneClick.headers.get('set-cookie')).toBeNull();
    expect(again.status).toBe(200);
    expect(await entry()).toEqual([{ reason: 'unsubscribed', source: 'unsubscribe' }]);
    const tampered = await fetch(
      ada.unsubscribe.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
      { method: 'POST' },
    );
    expect(tampered.status).toBe(404);
  });

  it('never mails an unsubscribed contact again: a new campaign stores them suppressed; one already dispatched is not sent', async () => {
    await pipeline.stopService('sender');
    const later = campaignSubmit({
      account: 'tracked',
      recipients: [{ email: 'bob@readers.example' }, { email: 'ADA@readers.example' }],
    });
    await publishRaw(pipeline.namespace, 'campaign.submit', JSON.stringify(later));
    const laterId = await waitFor(() => pipeline.campaignId(later.idempotencyKey), { message: 'stored' });
    await waitFor(async () => (await pipeline.statusCounts(laterId)).dispatched === 1, {
      message: 'bob dispatched',
    });
    // bob unsubscribes while his email waits in the queue
    const bobUnsubscribe = urls.get('bob@readers.example')!.listUnsubscribe;
    expect((await fetch(bobUnsubscribe, { method: 'POST', body: 'List-Unsubscribe=One-Click' })).status).toBe(
      200,
    );
    const caughtBefore = pipeline.smtp.messages.length;

    await pipeline.startService('sender');

    await waitFor(async () => (await pipeline.statusCounts(laterId)).suppressed === 2, {
      message: 'both suppressed',
    });
    const rows = await pipeline.db.query(
      `select email, status, reason from deliveries where campaign_id = $1 order by email`,
      [laterId],
    );
    expect(rows.rows).toEqual([
      { email: 'ADA@readers.example', status: 'suppressed', reason: 'blacklisted: unsubscribed' },
      { email: 'bob@readers.example', status: 'suppressed', reason: 'blacklisted: unsubscribed' },
    ]);
    expect(pipeline.smtp.messages.length).toBe(caughtBefore);
  });

  it('refuses to remove an unsubscribed entry through the operator API (409); other entries go, audited', async () => {
    const refused = await pipeline.api('/v1/blacklist/ada@readers.example?account=tracked', {
      method: 'DELETE',
    });
    const added = await pipeline.api('/v1/blacklist', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        account: 'tracked',
        address: 'Old@Readers.example',
        reason: 'manual',
        note: 'asked by phone',
      }),
    });
    const listed = (await (await pipeline.api('/v1/blacklist?account=tracked&reason=manual')).json()) as {
      items: unknown[];
    };
    const removed = await pipeline.api('/v1/blacklist/old@readers.example?account=tracked&reason=typo', {
      method: 'DELETE',
    });

    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toMatch(/must opt in again/);
    expect(added.status).toBe(201);
    expect(listed.items).toEqual([
      expect.objectContaining({ address: 'old@readers.example', reason: 'manual', source: 'operator' }),
    ]);
    expect(removed.status).toBe(204);
    const audit = await pipeline.db.query(
      `select action, actor, note from blacklist_audit where email_normalized = 'old@readers.example' order by id`,
    );
    expect(audit.rows).toEqual([
      { action: 'added', actor: 'bootstrap', note: 'asked by phone' },
      { action: 'removed', actor: 'bootstrap', note: 'typo' },
    ]);
  });
});
