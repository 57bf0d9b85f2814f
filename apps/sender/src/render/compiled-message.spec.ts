import { generateKeyPairSync } from 'node:crypto';
import { PassThrough } from 'node:stream';
import DKIM from 'nodemailer/lib/dkim';
import { FakeClock } from '@postroom/runtime';
import { isUnguessableMessageId, TokenSigner } from '@postroom/tokens';
import { simpleParser, type ParsedMail } from 'mailparser';
import { CompiledRenderer } from './compiled-message';
import { MessageRenderer } from './message-renderer';
import {
  RenderError,
  type CampaignTemplate,
  type LinkRegistry,
  type RendererSettings,
  type RenderTarget,
} from './rendered-message';

const NOW = new Date('2031-03-14T09:00:00Z');
const signer = new TokenSigner([{ kid: 't1', secret: 'test-secret-0123456789' }], 365);

/** Links numbered in order of first sight, like the ledger's sequence. */
class FakeLinks implements LinkRegistry {
  readonly stored = new Map<string, string>();
  async idsFor(_campaignId: string, urls: readonly string[]) {
    for (const u of urls) if (!this.stored.has(u)) this.stored.set(u, String(this.stored.size + 1));
    return new Map(urls.map((u) => [u, this.stored.get(u)!]));
  }
}

function settings(): RendererSettings {
  return {
    bounceDomain: 'bounces.postroom.test',
    trackingBaseUrl: 'https://t.postroom.test/',
    signer,
    links: new FakeLinks(),
    clock: new FakeClock(NOW),
  };
}

/**
 * The old renderer and the new one side by side, each with its own link registry fake (so both
 * number links by first sight), one signer and one fixed clock; the new one takes the
 * Message-ID the old one just wrote, so the two messages can be compared whole.
 */
function renderers() {
  let lastId = '';
  const old = new MessageRenderer(settings());
  const sut = new CompiledRenderer({ ...settings(), messageIds: () => lastId });
  return {
    sut,
    async both(c: CampaignTemplate, t: RenderTarget) {
      const before = await old.render(c, t);
      lastId = before.messageId;
      return { before, after: await sut.render(c, t) };
    },
    async outcomes(c: CampaignTemplate, t: RenderTarget) {
      const settle = (p: Promise<{ raw: Buffer }>) =>
        p.then(
          async ({ raw }) => (await simpleParser(raw)).subject,
          (err: Error) => err,
        );
      const before = await settle(old.render(c, t));
      return { before, after: await settle(sut.render(c, t)) };
    },
  };
}

function campaign(overrides: Partial<CampaignTemplate> = {}): CampaignTemplate {
  return {
    id: '7',
    from: 'Acme News <news@acme.example>',
    subject: 'Hello {{name}}',
    html: '<html><body><p>Hello {{name}}, your plan is {{vars.plan}}.</p></body></html>',
    text: 'Hello {{name}}, your plan is {{plan}}.',
    ...overrides,
  };
}

const ADA: RenderTarget = {
  deliveryId: '42',
  email: 'ada@example.com',
  name: 'Ådä Lovelace',
  vars: {
    plan: 'pro & <max>',
    vip: true,
    note: 'line one\r\nline two\nline three',
    lf: '\nafter a CR',
    items: [
      { title: 'Boots', url: 'https://shop.example/boots?a=1&b=2' },
      { title: 'Coat', url: 'https://shop.example/coat' },
    ],
  },
};
const BOB: RenderTarget = {
  deliveryId: '9001',
  email: 'bob@example.org',
  name: null,
  vars: { plan: 'free', vip: false, note: '', lf: 'no break', items: [] },
};

/** A newsletter of about `kb` kilobytes: sections with images, links and a personal line each. */
function newsletter(kb: number): string {
  const section = (i: number) =>
    `<tr><td style="padding:16px 32px;color:#222;font-size:16px;line-height:24px">\n` +
    `<h2 style="margin:0 0 8px">Pick ${i} for {{name}}</h2>\n` +
    `<img src="https://shop.example/img/${i}.jpg" width="536" alt="Pick ${i}" style="display:block;border:0">\n` +
    `<p style="margin:8px 0">Everything in this collection is up to 40% off this week — coats, boots, knitwear ` +
    `and the accessories that go with them. Free delivery over 50 €, free returns within 30 days.</p>\n` +
    `<a href="https://shop.example/pick/${i}?utm_source=newsletter&amp;utm_campaign=autumn" style="color:#c0392b">See pick ${i}</a>\n` +
    `</td></tr>\n`;
  let body = '';
  for (let i = 1; body.length < kb * 1024; i++) body += section(i);
  return `<!doctype html>\n<html><head><meta charset="utf-8"></head>\n<body style="margin:0">\n<table width="600">\n${body}</table>\n</body></html>\n`;
}

const CASES: Array<[string, Partial<CampaignTemplate>]> = [
  ['text with an empty HTML template', { html: '', text: 'Hello {{name}},\n\nyour plan is {{plan}}.\n' }],
  ['HTML only', { text: null }],
  ['HTML and text', {}],
  [
    'a personalised subject and name with non-ASCII and emoji',
    {
      subject: 'Grüße, {{name}} 🎉 — {{vars.plan}} für Sie',
      html: '<body><h1>Grüße, {{name}} 👩‍🚀</h1><p>Ihr Tarif: {{plan}} ✓</p></body>',
      text: 'Grüße, {{name}} 👩‍🚀\nIhr Tarif: {{plan}} ✓',
    },
  ],
  [
    'links: double-, single- and unquoted, personalised, entities, mailto, tel and anchors',
    {
      html:
        '<html><body><a href="https://shop.example/sale?a=1&amp;b=2">Sale</a> ' +
        "<a class='x' href='https://shop.example/{{vars.plan}}'>Plan</a> " +
        '<a href=https://shop.example/unquoted class=big>Unquoted</a> ' +
        '<a href = "https://shop.example/sale?a=1&amp;b=2">Sale again</a> ' +
        '<a href="https://shop.example/u/{{email}}?n={{name}}">Mine</a> ' +
        '<a href="mailto:help@shop.example">Mail</a> <a href="#top">Top</a> <a href=tel:+123>Call</a> ' +
        '<AREA HREF="https://shop.example/area"><a href="/relative">Rel</a></body></html>',
    },
  ],
  [
    '{{#each}} and {{#if}} blocks, with links inside and a block-built href',
    {
      html:
        '<html><body>\n<ul>\n{{#each vars.items}}\n  <li><a href="{{url}}">{{title}}</a> for {{../name}}</li>\n{{/each}}\n</ul>\n' +
        '{{#if vip}}\n<p>VIP: <a href="https://shop.example/vip">lounge</a></p>\n{{else}}\n<p>Upgrade: <a href=\'https://shop.example/upgrade\'>now</a></p>\n{{/if}}\n' +
        '<a href="{{#if vip}}https://vip.example{{else}}https://shop.example{{/if}}/start">Start</a>\n' +
        '{{#each vars.items as |item i|}}{{i}}. {{item.title}} {{/each}}</body></html>',
      text: '{{#each items}}- {{title}}: {{url}}\n{{/each}}{{#if vip}}VIP{{/if}}\n',
    },
  ],
  [
    'a long line, a long word and a long subject',
    {
      subject: `{{name}}: ${'an offer you will not want to miss, '.repeat(8)}`,
      html: `<body><p>${'word '.repeat(600)}{{name}}</p><p>${'x'.repeat(3000)}</p><pre>{{note}}</pre></body>`,
      text: `${'a long line of text with spaces '.repeat(100)}{{name}}\n${'y'.repeat(2500)}\n{{note}}`,
    },
  ],
  ['a 40 KB HTML', { html: newsletter(40) }],
  [
    "the template's own {{unsubscribe_url}}",
    {
      html: '<html><body><p>Bye? <a href="{{unsubscribe_url}}">Leave</a></p></body></html>',
      text: 'Leave: {{unsubscribe_url}}   \n\n',
    },
  ],
  [
    'an inline partial (kept whole)',
    {
      html: '{{#*inline "hi"}}<p>Hi {{name}} <a href="https://shop.example/p">p</a></p>{{/inline}}<body>{{> hi}}</body>',
    },
  ],
  [
    'a block that opens an href it does not close (kept whole)',
    { html: '<body>{{#if vip}}<a href="https://shop.example/{{/if}}x">x</a></body>' },
  ],
  [
    'an href that one branch opens and the other closes (kept whole)',
    { html: '<body>{{#if vip}}<a href="https://shop.example/{{else}}b">x{{/if}}</body>' },
  ],
  [
    'Cyrillic, base64',
    {
      subject: 'Здравствуйте, {{name}}',
      html: '<body><p>Здравствуйте, {{name}}! Ваш тариф: {{plan}}. Спасибо, что вы с нами.</p></body>',
      text: 'Здравствуйте, {{name}}! Ваш тариф: {{plan}}. Спасибо, что вы с нами.',
    },
  ],
  [
    'a </body> in a block and one in upper case',
    { html: '<html><body><p>x</p>{{#if vip}}</body >{{/if}}</BODY></html>', text: 'x\n\n  \n' },
  ],
  [
    'Windows line breaks, white space at line ends, a variable with line breaks',
    {
      html: '<body>\r\n<p>Hi {{name}} \r\n</p>\r\n<pre>{{note}}\r{{lf}}</pre>\r\n</body>\r\n',
      text: 'Hi {{name}}\t\r\n{{note}}\r{{vars.lf}}\r\nBye \r\n',
    },
  ],
  [
    'escaping: variables, triple-stash and dots',
    { html: '<p>{{plan}} {{{plan}}}\n.\n..</p>', text: '{{plan}}\n.\n' },
  ],
  ['an empty subject', { subject: '' }],
];

/** The content types of a message, top level first, then its parts in order. */
function contentTypes(raw: Buffer): string[] {
  return [...raw.toString('latin1').matchAll(/^Content-Type:\s*([^;\r\n]+)/gim)].map((m) =>
    m[1].toLowerCase(),
  );
}

/**
 * A message as the SMTP transport sends it: nodemailer's data stream turns every bare CR or LF
 * into CRLF. The old renderer leaves the template's own line breaks to it; the new one writes
 * CRLF itself, so the two are compared as they reach the recipient.
 */
function onTheWire(raw: Buffer): Buffer {
  return Buffer.from(raw.toString('latin1').replace(/\r\n|\r|\n/g, '\r\n'), 'latin1');
}

const COMPARED_HEADERS = [
  'from',
  'to',
  'subject',
  'list',
  'message-id',
  'mime-version',
  'x-postroom-campaign',
];

async function expectSameMessage(before: Buffer, after: Buffer): Promise<ParsedMail> {
  const [a, b] = await Promise.all([simpleParser(onTheWire(before)), simpleParser(after)]);
  for (const key of COMPARED_HEADERS) expect([key, b.headers.get(key)]).toEqual([key, a.headers.get(key)]);
  expect(contentTypes(after)).toEqual(contentTypes(before));
  expect(b.html).toEqual(a.html);
  expect(b.text).toEqual(a.text);
  expect(after.equals(onTheWire(after))).toBe(true);
  expect(b.attachments).toEqual(a.attachments);
  return b;
}

/** RFC 5322 lines of at most 998 octets, CRLF only; quoted-printable and base64 lines of at most 76. */
function expectWellFormed(raw: Buffer): void {
  const text = raw.toString('latin1');
  expect(text).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
  for (const line of text.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  const bodies = [
    ...text.matchAll(
      /Content-Transfer-Encoding: (?:quoted-printable|base64)\r\n\r\n([\s\S]*?)(?=\r\n--=_|\r\n$)/g,
    ),
  ];
  expect(bodies.length).toBeGreaterThan(0);
  for (const [, body] of bodies)
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
}

describe(CompiledRenderer.name, () => {
  describe('renders the message MessageRenderer renders', () => {
    it.each(CASES)('%s', async (_what, overrides) => {
      const { both } = renderers();
      const c = campaign(overrides);

      for (const target of [ADA, BOB, ADA]) {
        const { before, after } = await both(c, target);

        expect(after.messageId).toBe(before.messageId);
        expect(after.envelopeFrom).toBe(before.envelopeFrom);
        const parsed = await expectSameMessage(before.raw, after.raw);
        expect(parsed.date).toEqual(NOW);
        expectWellFormed(after.raw);
      }
    });

    it('writes To and Subject exactly as MailComposer encodes and folds them', async () => {
      const { both } = renderers();
      const header = (raw: Buffer, name: string) =>
        new RegExp(`^${name}: .*(?:\\r\\n[ \\t].*)*`, 'm').exec(raw.toString('latin1'))?.[0];

      const { before, after } = await both(campaign({ subject: CASES[3][1].subject }), ADA);

      expect(header(after.raw, 'To')).toBe(header(before.raw, 'To'));
      expect(header(after.raw, 'Subject')).toBe(header(before.raw, 'Subject'));
      expect(header(after.raw, 'From')).toBe(header(before.raw, 'From'));
    });
  });

  describe('refuses what MessageRenderer refuses, with the same error', () => {
    it.each([
      ['a missing variable in the subject', campaign({ subject: 'Hi {{vars.missing}}' }), ADA],
      ['a missing variable in the html', campaign({ html: '<p>x</p>\n<p>{{coupon}}</p>' }), ADA],
      ['a missing variable in a block', campaign({ html: '{{#each vars.items}}{{price}}{{/each}}' }), ADA],
      ['a missing variable in a link', campaign({ html: '<a href="https://a.example/{{code}}">a</a>' }), ADA],
      ['a missing variable in the text', campaign({ text: 'Code: {{vars.coupon.code}}' }), ADA],
      ['a template that does not parse', campaign({ html: '<p>{{#if vip}}x</p>' }), ADA],
      ['a subject that renders a line break', campaign({ subject: '{{note}}' }), ADA],
      ['a from address with a line break', campaign({ from: 'a@acme.example\r\nBcc: v@example.com' }), ADA],
      ['a recipient name with a NUL', campaign(), { ...ADA, name: 'Ada\0' }],
      ['a recipient address with a line break', campaign(), { ...ADA, email: 'ada@example.com\nBcc: v@x' }],
    ])('%s', async (_what, c, t) => {
      const { outcomes } = renderers();

      const { before, after } = await outcomes(c, t);

      expect(before).toBeInstanceOf(RenderError);
      expect(after).toBeInstanceOf(RenderError);
      expect((after as Error).message).toBe((before as Error).message);
    });

    it.each([
      '{{constructor.constructor}}',
      '{{vars.__proto__.constructor.name}}',
      '{{#with constructor}}{{constructor "return 1"}}{{/with}}',
      '{{lookup (lookup this "constructor") "constructor"}}',
      '{{__proto__}}{{toString}}{{hasOwnProperty}}',
    ])('gives no prototype access: %s', async (template) => {
      const { outcomes } = renderers();
      const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);

      const { before, after } = await outcomes(
        campaign({ subject: `x${template}x`, html: `<p>${template}</p>` }),
        ADA,
      );
      consoleError.mockRestore();

      expect(after instanceof Error ? after.message : after).toEqual(
        before instanceof Error ? before.message : before,
      );
    });
  });

  it('gives each message its own Message-ID of 128 random bits by default', async () => {
    const sut = new CompiledRenderer(settings());

    const first = await sut.render(campaign(), ADA);
    const second = await sut.render(campaign(), ADA);

    expect(isUnguessableMessageId(first.messageId)).toBe(true);
    expect(first.messageId).toMatch(/@bounces\.postroom\.test>$/);
    expect(second.messageId).not.toBe(first.messageId);
    expect((await simpleParser(first.raw)).messageId).toBe(first.messageId);
  });

  it('dates each message by the injected clock', async () => {
    const clock = new FakeClock(NOW);
    const sut = new CompiledRenderer({ ...settings(), clock });

    clock.advance(90_000);
    const { raw } = await sut.render(campaign(), ADA);

    expect(raw.toString('latin1')).toContain('\r\nDate: Fri, 14 Mar 2031 09:01:30 +0000\r\n');
  });

  it('leaves a DKIM signer nothing to change: the signature goes in front of the very bytes', async () => {
    const { raw } = await new CompiledRenderer(settings()).render(campaign(CASES[3][1]), ADA);
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 1024,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const input = new PassThrough();
    input.end(raw);

    const chunks: Buffer[] = [];
    for await (const chunk of new DKIM({ domainName: 'acme.example', keySelector: 's1', privateKey }).sign(
      input,
    )) {
      chunks.push(chunk as Buffer);
    }
    const signed = Buffer.concat(chunks);

    const header = signed.subarray(0, signed.length - raw.length).toString('latin1');
    expect(signed.subarray(header.length).equals(raw)).toBe(true);
    expect(header).toMatch(/^DKIM-Signature: v=1; a=rsa-sha256; c=relaxed\/relaxed; d=acme\.example;/);
    expect(header.replace(/\r\n\s+/g, '')).toMatch(
      /h=from:subject:date:message-id:to:mime-version:content-type:/,
    );
  });

  it('keeps rendering the first compiled campaign for an id until forgotten', async () => {
    const sut = new CompiledRenderer(settings());
    const subject = async (c: CampaignTemplate) =>
      (await simpleParser((await sut.render(c, ADA)).raw)).subject;

    await sut.render(campaign({ subject: 'first' }), ADA);
    const cached = await subject(campaign({ subject: 'second' }));
    sut.forget('7');
    const fresh = await subject(campaign({ subject: 'second' }));

    expect(cached).toBe('first');
    expect(fresh).toBe('second');
  });
});
