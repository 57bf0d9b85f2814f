import { createHash, createPublicKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import MailComposer from 'nodemailer/lib/mail-composer';
import { LocalDnsServer } from '../../../../libs/testing/src/local-dns-server';
import type { DkimKey, DkimKeys } from './dkim-keys';
import { DkimSigner } from './dkim-signer';

function keyPair(kind: 'rsa' | 'ed25519') {
  const { privateKey, publicKey } =
    kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  const der = publicKey.export({ type: 'spki', format: 'der' });
  // RFC 8463: an Ed25519 p= is the bare 32-byte key, an RSA p= the SubjectPublicKeyInfo
  const p = (kind === 'rsa' ? der : der.subarray(der.length - 32)).toString('base64');
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey, p };
}

const rsa = keyPair('rsa');
const ed = keyPair('ed25519');
const key = (
  domain: string,
  selector: string,
  pair: typeof rsa,
  algorithm: DkimKey['algorithm'],
): DkimKey => ({
  domain,
  selector,
  algorithm,
  privateKeyPem: pair.privateKeyPem,
  file: `/keys/${selector}.pem`,
});

async function message(
  from = 'Shop News <news@shop.example>',
  extra: Record<string, string> = {},
): Promise<Buffer> {
  return new MailComposer({
    from,
    to: 'Ada Lovelace <ada@example.com>',
    subject: 'Spring sale — 20% off',
    date: new Date('2026-12-01T09:00:00Z'),
    messageId: '<c42.d7@shop.example>',
    text: 'Hello Ada,\n\nour spring sale starts today.   \n\n\n',
    html: '<p>Hello Ada,</p>\n<p>our spring sale starts today.</p>',
    headers: {
      'List-Unsubscribe': '<https://t.shop.example/u/tok>, <mailto:unsub@shop.example?subject=tok>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'X-Postroom-Delivery': '7',
      ...extra,
    },
  })
    .compile()
    .build();
}

describe(DkimSigner.name, () => {
  const dns = new LocalDnsServer();
  const keys: DkimKeys = new Map([
    ['shop.example', [key('shop.example', 'rsa2026', rsa, 'rsa-sha256')]],
    ['ed.example', [key('ed.example', 'ed2026', ed, 'ed25519-sha256')]],
    [
      'both.example',
      [
        key('both.example', 'rsa2026', rsa, 'rsa-sha256'),
        key('both.example', 'ed2026', ed, 'ed25519-sha256'),
      ],
    ],
  ]);
  const sut = new DkimSigner(keys, () => new Date('2026-12-01T09:00:05Z'));
  // mailauth 4's typings leave out fields its results have
  type Verified = Awaited<ReturnType<typeof dkimVerify>>['results'][number] & {
    algo?: string;
    format?: string;
    signingHeaders?: { keys: string };
  };
  const verifyDkim = async (raw: Buffer): Promise<Verified[]> =>
    (await dkimVerify(raw, { resolver: dns.resolveTxt, curTime: new Date('2026-12-01T09:01:00Z') })).results;

  beforeAll(async () => {
    await dns.start();
    for (const domain of ['shop.example', 'both.example'])
      dns.setTxt(`rsa2026._domainkey.${domain}`, `v=DKIM1; k=rsa; p=${rsa.p}`);
    for (const domain of ['ed.example', 'both.example'])
      dns.setTxt(`ed2026._domainkey.${domain}`, `v=DKIM1; k=ed25519; p=${ed.p}`);
  });
  afterAll(() => dns.stop());

  describe.each([
    ['RSA 2048', 'shop.example', 'rsa2026', 'rsa-sha256', rsa.publicKey],
    ['Ed25519', 'ed.example', 'ed2026', 'ed25519-sha256', ed.publicKey],
  ] as const)('%s', (_name, domain, selector, algo, publicKey) => {
    it('signs relaxed/relaxed over the listed headers, and mailauth verifies it through DNS', async () => {
      const signed = await sut.sign(await message(`Shop News <news@${domain}>`), domain);

      const [result, ...others] = await verifyDkim(signed);
      expect(others).toEqual([]);
      expect(result).toMatchObject({
        signingDomain: domain,
        selector,
        algo,
        format: 'relaxed/relaxed',
        status: { result: 'pass' },
      });
      expect(result.signingHeaders?.keys.toLowerCase().split(': ').sort()).toEqual([
        'content-type',
        'date',
        'from',
        'list-unsubscribe',
        'list-unsubscribe-post',
        'message-id',
        'mime-version',
        'subject',
        'to',
      ]);
      expect(dns.queries).toContain(`${selector}._domainkey.${domain} TXT`);
    });

    it('verifies with an independent relaxed/relaxed check of our own too (not mailauth’s code)', async () => {
      const signed = await sut.sign(await message(`Shop News <news@${domain}>`), domain);

      expect(independentVerify(signed, selector, publicKey)).toBe(true);
    });

    it('prepends the signature and leaves the message bytes as they were', async () => {
      const raw = await message(`Shop News <news@${domain}>`);
      const signed = await sut.sign(raw, domain);

      expect(signed.subarray(0, 16).toString()).toBe('DKIM-Signature: ');
      expect(signed.subarray(signed.length - raw.length).equals(raw)).toBe(true);
    });

    it('fails verification when the body is changed after signing', async () => {
      const signed = (await sut.sign(await message(`Shop News <news@${domain}>`), domain)).toString('latin1');
      const tampered = Buffer.from(
        signed.replace('spring sale starts today', 'spring sale starts TODAY'),
        'latin1',
      );

      expect((await verifyDkim(tampered))[0].status).toMatchObject({
        result: 'neutral',
        comment: 'body hash did not verify',
      });
      expect(independentVerify(tampered, selector, publicKey)).toBe(false);
    });

    it('fails verification when the From is changed after signing', async () => {
      const signed = (await sut.sign(await message(`Shop News <news@${domain}>`), domain)).toString('latin1');
      const tampered = Buffer.from(
        signed.replace(`From: Shop News <news@${domain}>`, `From: Shop Newz <news@${domain}>`),
        'latin1',
      );

      expect((await verifyDkim(tampered))[0].status.result).toBe('fail');
      expect(independentVerify(tampered, selector, publicKey)).toBe(false);
    });
  });

  it('signs Content-Transfer-Encoding where the message has it', async () => {
    const raw = await new MailComposer({
      from: 'news@shop.example',
      to: 'ada@example.com',
      subject: 'Grüße',
      text: 'Schöne Grüße aus Köln',
    })
      .compile()
      .build();
    const [result] = await verifyDkim(await sut.sign(raw, 'shop.example'));

    expect(raw.toString()).toMatch(/Content-Transfer-Encoding: quoted-printable/);
    expect(result.status.result).toBe('pass');
    expect(result.signingHeaders?.keys.toLowerCase()).toContain('content-transfer-encoding');
  });

  it('signs with both keys of a domain that has RSA and Ed25519 (dual signing)', async () => {
    const results = await verifyDkim(await sut.sign(await message('news@both.example'), 'both.example'));

    expect(results.map((r) => [r.algo, r.status.result])).toEqual([
      ['rsa-sha256', 'pass'],
      ['ed25519-sha256', 'pass'],
    ]);
  });

  it('signs a subdomain with its parent domain’s key (DMARC relaxed alignment)', async () => {
    const [result] = await verifyDkim(
      await sut.sign(await message('news@mail.shop.example'), 'Mail.Shop.Example'),
    );

    expect(result).toMatchObject({ signingDomain: 'shop.example', status: { result: 'pass' } });
  });

  it('throws, rather than sending unsigned, when a configured domain’s key fails at signing', async () => {
    const broken = { ...key('shop.example', 'rsa2026', rsa, 'rsa-sha256'), privateKeyPem: 'not a key' };
    const signer = new DkimSigner(new Map([['shop.example', [broken]]]));

    await expect(signer.sign(await message(), 'shop.example')).rejects.toThrow(
      /^DKIM signing for shop.example failed: /,
    );
  });

  it('returns the message as it is for a domain without a key, and lists such domains', async () => {
    const raw = await message('news@other.example');

    expect(await sut.sign(raw, 'other.example')).toBe(raw);
    expect(sut.signs('other.example')).toBe(false);
    expect(
      sut.unsignedDomains(['shop.example', 'Other.example', 'mail.shop.example', 'other.example', 'x.test']),
    ).toEqual(['other.example', 'x.test']);
  });
});

/**
 * RFC 6376 relaxed/relaxed verification written from the RFC, sharing no code with mailauth, so a
 * canonicalisation mistake common to mailauth's signer and verifier would still show here.
 */
function independentVerify(raw: Buffer, selector: string, publicKey: KeyObject): boolean {
  const text = raw.toString('latin1');
  const split = text.indexOf('\r\n\r\n');
  const fields = text
    .slice(0, split + 2)
    .split(/\r\n(?![ \t])/)
    .filter((f) => f !== '')
    .map((f) => ({ name: f.slice(0, f.indexOf(':')).trim().toLowerCase(), field: f }));
  const signature = fields.find(
    (f) => f.name === 'dkim-signature' && new RegExp(`s=${selector};`).test(f.field.replace(/\s/g, '')),
  );
  if (!signature) return false;
  const tags = new Map(
    signature.field
      .slice(signature.field.indexOf(':') + 1)
      .split(';')
      .map((t) => t.trim())
      .filter((t) => t.includes('='))
      .map((t) => [t.slice(0, t.indexOf('=')).trim(), t.slice(t.indexOf('=') + 1).replace(/\s+/g, '')]),
  );

  const body = relaxedBody(text.slice(split + 4));
  if (createHash('sha256').update(body, 'latin1').digest('base64') !== tags.get('bh')) return false;

  const used = new Map<string, number>();
  let data = '';
  for (const name of (tags.get('h') ?? '').toLowerCase().split(':')) {
    const instances = fields.filter((f) => f.name === name && f !== signature);
    const n = used.get(name) ?? 0;
    used.set(name, n + 1);
    const field = instances[instances.length - 1 - n]; // bottom-up (RFC 6376 5.4.2)
    if (field) data += relaxedHeader(field.field) + '\r\n';
  }
  data += relaxedHeader(signature.field.replace(/(\bb=)[^;]*/, '$1'));
  const sig = Buffer.from(tags.get('b') ?? '', 'base64');
  const key = createPublicKey(publicKey.export({ type: 'spki', format: 'pem' }));
  return tags.get('a') === 'ed25519-sha256'
    ? verify(null, createHash('sha256').update(data, 'latin1').digest(), key, sig) // RFC 8463 3
    : verify('sha256', Buffer.from(data, 'latin1'), key, sig);
}

function relaxedHeader(field: string): string {
  const colon = field.indexOf(':');
  const value = field
    .slice(colon + 1)
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${field.slice(0, colon).trim().toLowerCase()}:${value}`;
}

// A bare LF counts as a line end, as mailauth, nodemailer's DKIM and every SMTP client's DATA have it.
function relaxedBody(body: string): string {
  const lines = body.split(/\r?\n/).map((line) => line.replace(/[ \t]+/g, ' ').replace(/ $/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.length === 0 ? '' : lines.join('\r\n') + '\r\n';
}
