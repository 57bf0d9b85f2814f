import { FakeClock } from '@postroom/runtime';
import { isUnguessableMessageId, TokenSigner } from '@postroom/tokens';
import { MessageRenderer } from './message-renderer';
import {
  RenderError,
  type CampaignTemplate,
  type LinkRegistry,
  type RendererSettings,
  type RenderTarget,
} from './rendered-message';

const BOUNCE_DOMAIN = 'bounces.postroom.test';
const TRACKER = 'https://t.postroom.test';
const signer = new TokenSigner([{ kid: 't1', secret: 'test-secret-0123456789' }], 365);
/** The one clock of these tests: tokens are signed and checked at this instant, whatever day it is. */
const NOW = new Date('2031-03-14T09:00:00Z');
const verify = (token: string) => signer.verify(token, NOW);

/** Links numbered in order of first sight, like the ledger's sequence. */
class FakeLinks implements LinkRegistry {
  readonly stored = new Map<string, string>();
  async idsFor(_campaignId: string, urls: readonly string[]) {
    for (const u of urls) if (!this.stored.has(u)) this.stored.set(u, String(this.stored.size + 1));
    return new Map(urls.map((u) => [u, this.stored.get(u)!]));
  }
}

function settings(overrides: Partial<RendererSettings> = {}): RendererSettings {
  return {
    bounceDomain: BOUNCE_DOMAIN,
    trackingBaseUrl: TRACKER,
    signer,
    links: new FakeLinks(),
    clock: new FakeClock(NOW),
    ...overrides,
  };
}

function campaign(overrides: Partial<CampaignTemplate> = {}): CampaignTemplate {
  return {
    id: '7',
    from: 'news@acme.example',
    subject: 'Hello {{name}}',
    html: '<p>Hello {{name}}, your plan is {{vars.plan}}.</p>',
    text: 'Hello {{name}}, your plan is {{plan}}.',
    ...overrides,
  };
}

function target(overrides: Partial<RenderTarget> = {}): RenderTarget {
  return {
    deliveryId: '42',
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    vars: { plan: 'pro' },
    ...overrides,
  };
}

/** The header block of a raw message, unfolded, and its body, with soft line breaks removed. */
function parse(raw: Buffer): { headers: string; body: string } {
  const text = raw.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  return {
    headers: text.slice(0, end).replace(/\r\n[ \t]+/g, ' '),
    body: text.slice(end + 4).replace(/=\r\n/g, ''),
  };
}

/** The decoded body of the part with this content type (quoted-printable undone). */
function part(raw: Buffer, contentType: 'text/html' | 'text/plain'): string {
  const { body } = parse(raw);
  const start = body.indexOf(`Content-Type: ${contentType}`);
  if (start < 0) throw new Error(`no ${contentType} part in:\n${body}`);
  const content = body.indexOf('\r\n\r\n', start) + 4;
  const encoded = body.slice(content, body.indexOf('\r\n--', content));
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const hex = encoded[i] === '=' ? /^[0-9A-F]{2}/.exec(encoded.slice(i + 1, i + 3)) : null;
    if (hex) {
      bytes.push(parseInt(hex[0], 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(encoded[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** The template's own content, without the unsubscribe footer and pixel tracking adds. */
function content(raw: Buffer, contentType: 'text/html' | 'text/plain'): string {
  const decoded = part(raw, contentType);
  const cut =
    contentType === 'text/html'
      ? decoded.indexOf('<p style="font-size:12px')
      : decoded.indexOf('\n\nUnsubscribe: ');
  return cut >= 0 ? decoded.slice(0, cut) : decoded;
}

function header(raw: Buffer, name: string): string | undefined {
  const line = parse(raw)
    .headers.split('\r\n')
    .find((h) => h.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

describe(MessageRenderer.name, () => {
  let sut: MessageRenderer;

  beforeEach(() => {
    sut = new MessageRenderer(settings());
  });

  describe('render', () => {
    it('renders subject, html and text with the name and variables', async () => {
      const { raw } = await sut.render(campaign(), target());

      expect(header(raw, 'Subject')).toBe('Hello Ada Lovelace');
      expect(content(raw, 'text/html')).toBe('<p>Hello Ada Lovelace, your plan is pro.</p>');
      expect(content(raw, 'text/plain')).toBe('Hello Ada Lovelace, your plan is pro.');
    });

    it('offers the email address and the variables at the top level', async () => {
      const c = campaign({ subject: '{{plan}} for {{email}}', html: '<p>{{vars.plan}}</p>', text: null });

      const { raw } = await sut.render(c, target());

      expect(header(raw, 'Subject')).toBe('pro for ada@example.com');
    });

    it('renders an empty name for a recipient without one', async () => {
      const { raw } = await sut.render(campaign({ subject: 'Hello{{name}}!' }), target({ name: null }));

      expect(header(raw, 'Subject')).toBe('Hello!');
      expect(header(raw, 'To')).toBe('ada@example.com');
    });

    it('sends html only when the campaign has no text template', async () => {
      const { raw } = await sut.render(campaign({ text: null }), target());

      expect(parse(raw).body).not.toContain('text/plain');
      expect(header(raw, 'Content-Type')).toContain('text/html');
    });

    it('writes the headers the pipeline relies on', async () => {
      const { raw, messageId } = await sut.render(campaign(), target());

      expect(header(raw, 'Message-ID')).toBe(messageId);
      expect(header(raw, 'X-Postroom-Campaign')).toBe('7');
      expect(header(raw, 'From')).toBe('news@acme.example');
      expect(header(raw, 'To')).toBe('Ada Lovelace <ada@example.com>');
    });

    it('names the delivery nowhere in the clear: no X-Postroom-Delivery, no id in the Message-ID', async () => {
      const { raw, messageId } = await sut.render(campaign(), target({ deliveryId: '424242' }));

      expect(header(raw, 'X-Postroom-Delivery')).toBeUndefined();
      expect(parse(raw).headers).not.toContain('424242');
      expect(messageId).not.toContain('424242');
    });

    it('gives each message a unique id of 128 random bits', async () => {
      const first = await sut.render(campaign(), target());
      const second = await sut.render(campaign(), target());

      expect(first.messageId).toMatch(new RegExp(`^<[0-9a-f]{32}@${BOUNCE_DOMAIN.replace(/\./g, '\\.')}>$`));
      expect(isUnguessableMessageId(first.messageId)).toBe(true);
      expect(second.messageId).not.toBe(first.messageId);
    });

    it("signs every token on the injected clock's day", async () => {
      sut = new MessageRenderer(settings({ clock: new FakeClock(new Date('2029-01-01T00:00:00Z')) }));

      const { envelopeFrom } = await sut.render(campaign(), target());

      const token = envelopeFrom.slice('bounces+'.length, envelopeFrom.indexOf('@'));
      expect(signer.verify(token, new Date('2029-01-01T00:00:00Z'))).toMatchObject({
        ok: true,
        claims: { issuedDay: Math.floor(Date.parse('2029-01-01T00:00:00Z') / 86_400_000) },
      });
    });

    it('takes the message id domain from the settings when given', async () => {
      sut = new MessageRenderer(settings({ messageIdDomain: 'mail.acme.example' }));

      const { messageId, envelopeFrom } = await sut.render(campaign(), target());

      expect(messageId).toMatch(/@mail\.acme\.example>$/);
      expect(envelopeFrom).toMatch(
        new RegExp(`^bounces\\+t1\\.[\\w-]+\\.[\\w-]+@${BOUNCE_DOMAIN.replace(/\./g, '\\.')}$`),
      );
      const token = envelopeFrom.slice('bounces+'.length, envelopeFrom.indexOf('@'));
      expect(verify(token)).toMatchObject({ ok: true, claims: { kind: 'b', deliveryId: '42' } });
      expect(envelopeFrom.indexOf('@')).toBeLessThanOrEqual(64);
    });

    it('returns a VERP return path naming the delivery', async () => {
      const { envelopeFrom } = await sut.render(campaign(), target({ deliveryId: '9001' }));

      const token = envelopeFrom.slice('bounces+'.length, envelopeFrom.indexOf('@'));
      expect(verify(token)).toMatchObject({ ok: true, claims: { kind: 'b', deliveryId: '9001' } });
    });

    it('escapes the name in the html body', async () => {
      const name = '<script>alert(1)</script>';

      const { raw } = await sut.render(campaign({ subject: 'Hi' }), target({ name }));

      expect(content(raw, 'text/html')).toBe(
        '<p>Hello &lt;script&gt;alert(1)&lt;/script&gt;, your plan is pro.</p>',
      );
      expect(content(raw, 'text/plain')).toBe('Hello <script>alert(1)</script>, your plan is pro.');
    });

    it('escapes variables in the html body but not in the subject or text', async () => {
      const c = campaign({ subject: '{{plan}}', html: '<p>{{plan}}</p>', text: 'plan: {{plan}}' });

      const { raw } = await sut.render(c, target({ vars: { plan: 'Tom & Jerry' } }));

      expect(header(raw, 'Subject')).toBe('Tom & Jerry');
      expect(content(raw, 'text/html')).toBe('<p>Tom &amp; Jerry</p>');
      expect(content(raw, 'text/plain')).toBe('plan: Tom & Jerry');
    });

    it('keeps rendering the first templates compiled for a campaign id until forgotten', async () => {
      await sut.render(campaign({ subject: 'first' }), target());

      const cached = await sut.render(campaign({ subject: 'second' }), target());
      sut.forget('7');
      const fresh = await sut.render(campaign({ subject: 'second' }), target());

      expect(header(cached.raw, 'Subject')).toBe('first');
      expect(header(fresh.raw, 'Subject')).toBe('second');
    });
  });

  describe('strict mode', () => {
    it.each([
      ['subject', campaign({ subject: 'Hi {{vars.missing}}' })],
      ['html', campaign({ html: '<p>{{coupon}}</p>' })],
      ['text', campaign({ text: 'Code: {{vars.coupon.code}}' })],
    ])('refuses a missing variable in the %s', async (part, c) => {
      const result = sut.render(c, target());

      await expect(result).rejects.toBeInstanceOf(RenderError);
      await expect(result).rejects.toThrow(`template error in ${part}`);
    });

    it('accepts a variable that is present but null', async () => {
      const c = campaign({ subject: 'Hi{{vars.nick}}', html: '<p>{{nick}}</p>', text: null });

      const { raw } = await sut.render(c, target({ vars: { nick: null } }));

      expect(header(raw, 'Subject')).toBe('Hi');
    });
  });

  describe('prototype access', () => {
    let consoleError: jest.SpyInstance;

    beforeEach(() => {
      // Handlebars logs each denied prototype access; keep the test output clean
      consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    });

    afterEach(() => consoleError.mockRestore());

    // the well-known Handlebars RCE payload, aimed at a harmless global flag
    const classicExploit =
      '{{#with "s" as |string|}}{{#with "e"}}{{#with split as |conslist|}}{{this.pop}}' +
      '{{this.push (lookup string.sub "constructor")}}{{this.pop}}{{#with string.split as |codelist|}}' +
      '{{this.pop}}{{this.push "globalThis.postroomPwned = true"}}{{this.pop}}{{#each conslist}}' +
      '{{#with (string.sub.apply 0 codelist)}}{{this}}{{/with}}{{/each}}{{/with}}{{/with}}{{/with}}{{/with}}';

    it.each([
      { what: 'constructor.constructor', template: '{{constructor.constructor}}', outcome: 'refused' },
      {
        what: 'a string constructor',
        template: '{{#with "s" as |s|}}{{s.constructor.constructor "return 1"}}{{/with}}',
        outcome: 'refused',
      },
      {
        what: '__proto__ of a variable',
        template: '{{vars.__proto__.constructor.name}}',
        outcome: 'refused',
      },
      {
        what: 'constructor as a helper',
        template: '{{#with constructor}}{{constructor "return 1"}}{{/with}}',
        outcome: 'empty',
      },
      {
        what: 'constructor via lookup',
        template: '{{lookup (lookup this "constructor") "constructor"}}',
        outcome: 'empty',
      },
      {
        what: 'Object.prototype members',
        template: '{{__proto__}}{{toString}}{{hasOwnProperty}}',
        outcome: 'empty',
      },
      { what: 'the classic RCE payload', template: classicExploit, outcome: 'empty' },
    ] as const)('never runs $what: the render is $outcome', async ({ template, outcome }) => {
      const rendered = await sut.render(campaign({ subject: `x${template}x`, text: null }), target()).then(
        ({ raw }) => header(raw, 'Subject'),
        (err: unknown) => err,
      );

      expect(rendered instanceof RenderError ? 'refused' : rendered === 'xx' ? 'empty' : rendered).toBe(
        outcome,
      );
      expect((globalThis as { postroomPwned?: boolean }).postroomPwned).toBeUndefined();
    });
  });

  describe('header injection', () => {
    it.each(['Ada\r\nBcc: victim@example.com', 'Ada\nBcc: victim@example.com', 'Ada\rX', 'Ada\0'])(
      'refuses the recipient name %j',
      async (name) => {
        await expect(sut.render(campaign({ subject: 'Hi' }), target({ name }))).rejects.toThrow(
          new RenderError('recipient name contains a line break or NUL; refused'),
        );
      },
    );

    it('refuses a subject that renders to more than one line', async () => {
      const c = campaign({ subject: 'Your plan: {{plan}}' });

      const result = sut.render(c, target({ vars: { plan: 'pro\r\nBcc: victim@example.com' } }));

      await expect(result).rejects.toBeInstanceOf(RenderError);
      await expect(result).rejects.toThrow('subject contains a line break or NUL; refused');
    });

    it('refuses a from address with a line break', async () => {
      const c = campaign({ from: 'news@acme.example\r\nBcc: victim@example.com' });

      await expect(sut.render(c, target())).rejects.toThrow('from address contains a line break or NUL');
    });

    it('refuses a recipient address with a line break', async () => {
      const t = target({ email: 'ada@example.com\r\nBcc: victim@example.com' });

      await expect(sut.render(campaign(), t)).rejects.toThrow(
        'recipient address contains a line break or NUL',
      );
    });

    it('allows line breaks from variables in the bodies', async () => {
      const c = campaign({ subject: 'Hi', html: '<pre>{{note}}</pre>', text: '{{note}}' });

      const { raw } = await sut.render(c, target({ vars: { note: 'line one\r\nline two' } }));

      expect(content(raw, 'text/html')).toBe('<pre>line one\r\nline two</pre>');
      expect(content(raw, 'text/plain')).toBe('line one\r\nline two');
    });
  });

  describe('tracking', () => {
    const html =
      '<html><body><p>Hi {{name}}</p>' +
      '<a href="https://shop.example/sale?a=1&amp;b=2">Sale</a> ' +
      "<a class='x' href='https://shop.example/{{vars.plan}}'>Plan</a> " +
      '<a href="mailto:help@shop.example">Mail us</a> <a href="#top">Top</a> <a href="tel:+123">Call</a>' +
      '</body></html>';

    function tokenAfter(text: string, path: string): string {
      const m = new RegExp(`${TRACKER}/${path}/([\\w.-]+)`).exec(text);
      if (!m) throw new Error(`no /${path}/ link in ${text}`);
      return m[1];
    }

    it('rewrites http(s) links to signed click redirects and stores each target once', async () => {
      const links = new FakeLinks();
      sut = new MessageRenderer(settings({ links }));

      const { raw } = await sut.render(campaign({ html }), target());

      const body = part(raw, 'text/html');
      expect([...links.stored.keys()]).toEqual([
        'https://shop.example/sale?a=1&b=2',
        'https://shop.example/pro',
      ]);
      expect(body).not.toContain('https://shop.example/sale');
      expect(body).toContain('href="mailto:help@shop.example"');
      expect(body).toContain('href="#top"');
      expect(body).toContain('href="tel:+123"');
      const click = verify(tokenAfter(body, 'c'));
      expect(click).toMatchObject({ ok: true, claims: { kind: 'c', deliveryId: '42', linkId: '1' } });
    });

    it('adds a 1x1 pixel signed for this one delivery, inside the body', async () => {
      const { raw } = await sut.render(campaign({ html }), target({ deliveryId: '77' }));

      const body = part(raw, 'text/html');
      expect(body).toMatch(
        /<img src="https:\/\/t\.postroom\.test\/o\/[\w.-]+" width="1" height="1" alt=""[^>]*\/><\/body>/,
      );
      expect(verify(tokenAfter(body, 'o'))).toMatchObject({
        ok: true,
        claims: { kind: 'o', deliveryId: '77' },
      });
    });

    it("dates every token with the injected clock's day, not the machine's", async () => {
      const { raw } = await sut.render(campaign({ html }), target());

      const verified = signer.verify(tokenAfter(part(raw, 'text/html'), 'o'), NOW);
      expect(verified).toMatchObject({
        ok: true,
        claims: { issuedDay: Math.floor(NOW.getTime() / 86_400_000) },
      });
    });

    it('sends the RFC 8058 one-click headers and a visible unsubscribe link', async () => {
      const { raw } = await sut.render(campaign({ html }), target());

      const listUnsubscribe = header(raw, 'List-Unsubscribe')!;
      expect(listUnsubscribe).toMatch(/^<https:\/\/t\.postroom\.test\/u\/[\w.-]+>$/);
      expect(header(raw, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
      const url = listUnsubscribe.slice(1, -1);
      expect(verify(tokenAfter(url, 'u'))).toMatchObject({
        ok: true,
        claims: { kind: 'u', deliveryId: '42' },
      });
      expect(part(raw, 'text/html')).toContain(`<a href="${url}" style="color:#666">Unsubscribe</a>`);
      expect(part(raw, 'text/plain')).toContain(`Unsubscribe: ${url}`);
    });

    it("uses the template's own {{unsubscribe_url}} and adds no second link, never tracking it as a click", async () => {
      const links = new FakeLinks();
      sut = new MessageRenderer(settings({ links }));

      const { raw } = await sut.render(
        campaign({
          html: '<p>Bye? <a href="{{unsubscribe_url}}">Leave</a></p>',
          text: 'Leave: {{unsubscribe_url}}',
        }),
        target(),
      );

      const body = part(raw, 'text/html');
      expect(body.match(/\/u\//g)).toHaveLength(1);
      expect(links.stored.size).toBe(0);
      expect(part(raw, 'text/plain').match(/\/u\//g)).toHaveLength(1);
    });
  });
});
