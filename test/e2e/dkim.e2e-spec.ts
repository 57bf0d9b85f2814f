import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { campaignSubmit, recipients, waitFor } from '@postroom/testing';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { LocalDnsServer } from '../../libs/testing/src/local-dns-server';
import { spawnService } from '../../scripts/lib/services';
import { Pipeline } from './pipeline-harness';

/** A key pair as a PEM file for the sender and the `p=` of its DNS record for the verifier. */
function keyFile(dir: string, kind: 'rsa' | 'ed25519'): { file: string; record: string } {
  const { privateKey, publicKey } =
    kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  const der = publicKey.export({ type: 'spki', format: 'der' });
  // RFC 8463: an Ed25519 p= is the bare 32-byte key, an RSA p= the SubjectPublicKeyInfo
  const p = (kind === 'rsa' ? der : der.subarray(der.length - 32)).toString('base64');
  const file = path.join(dir, `${kind}.pem`);
  fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  return { file, record: `v=DKIM1; k=${kind}; p=${p}` };
}

// mailauth 4's typings leave out fields its results have
type Verified = Awaited<ReturnType<typeof dkimVerify>>['results'][number] & {
  algo?: string;
  format?: string;
  signingHeaders?: { keys: string };
};

describe('DKIM through the real sender: signed per From domain after compiling, verified by mailauth', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'postroom-dkim-'));
  const rsa = keyFile(dir, 'rsa');
  const ed = keyFile(dir, 'ed25519');
  const dns = new LocalDnsServer();
  let pipeline: Pipeline;
  const verify = async (raw: Buffer): Promise<Verified[]> =>
    (await dkimVerify(raw, { resolver: dns.resolveTxt })).results as Verified[];

  beforeAll(async () => {
    await dns.start();
    dns.setTxt('rsa2026._domainkey.shop.example', rsa.record);
    dns.setTxt('ed2026._domainkey.ed.example', ed.record);
    pipeline = await Pipeline.start({
      env: { DKIM_KEYS: `shop.example:rsa2026:${rsa.file},ed.example:ed2026:${ed.file}` },
    });
    // the campaigns wait while the sender is down, so that its start finds them pending
    await pipeline.stopService('sender');
    const campaigns = [
      { from: 'news@shop.example', domain: 'shop.example' },
      { from: 'offers@mail.ed.example', domain: 'mail.ed.example' },
      { from: 'hello@plain.example', domain: 'plain.example' },
    ];
    for (const c of campaigns) {
      const res = await pipeline.api('/v1/campaigns', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          campaignSubmit({
            account: 'dkim',
            from: c.from,
            subject: 'Spring sale for {{name}} — 20% off',
            html: '<p>Hello {{name}},</p>\n<p>our <a href="https://shop.example/sale">sale</a> starts today.</p>',
            recipients: recipients(3, 'example.com', c.domain.split('.')[0]),
          }),
        ),
      });
      expect([res.status, res.status === 201 ? '' : await res.text()]).toEqual([201, '']);
    }
    await waitFor(async () => ((await pipeline.statusCounts()).dispatched ?? 0) === 9, {
      timeoutMs: 30_000,
      message: 'nine deliveries dispatched while the sender is down',
    });
    await pipeline.startService('sender');
    await waitFor(async () => (await pipeline.statusCounts()).sent === 9, {
      timeoutMs: 60_000,
      message: 'nine sent',
    });
  }, 120_000);

  afterAll(async () => {
    await pipeline?.stop();
    await dns.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const received = (prefix: string) => pipeline.smtp.messages.filter((m) => m.to[0].startsWith(prefix));

  it.each([
    ['shop', 'shop.example', 'rsa2026', 'rsa-sha256'],
    ['mail', 'ed.example', 'ed2026', 'ed25519-sha256'],
  ])(
    'signs every message from %s with the key of %s, over the headers that matter, and it verifies',
    async (prefix, domain, selector, algo) => {
      const messages = received(prefix);
      expect(messages).toHaveLength(3);
      for (const m of messages) {
        // the campaign's compiled layout (CompiledRenderer), not a MIME tree built per recipient
        expect(m.raw.toString('latin1')).toMatch(/boundary="=_postroom_[0-9a-f]{24}"/);
        const [result] = await verify(m.raw);
        expect(result.status.result).toBe('pass');
        expect(result.signingDomain).toBe(domain);
        expect(result.selector).toBe(selector);
        expect(result.algo).toBe(algo);
        expect(result.format).toBe('relaxed/relaxed');
        const signed = (result.signingHeaders?.keys ?? '').toLowerCase().split(': ');
        expect(signed).toEqual(
          expect.arrayContaining([
            'from',
            'to',
            'subject',
            'date',
            'message-id',
            'list-unsubscribe',
            'list-unsubscribe-post',
            'mime-version',
            'content-type',
          ]),
        );
      }
    },
  );

  it('fails verification when the body or the From is changed after signing', async () => {
    const [m] = received('shop');
    const text = m.raw.toString('latin1');
    const bodyAt = text.indexOf('\r\n\r\n') + 4;
    const body = text.slice(bodyAt).replace('starts today', 'ended today');
    expect(body).not.toBe(text.slice(bodyAt));
    const editedBody = Buffer.from(text.slice(0, bodyAt) + body, 'latin1');
    const editedFrom = Buffer.from(text.replace('news@shop.example', 'ceo@shop.example'), 'latin1');

    // mailauth reports a body that no longer matches its hash as `neutral`, never as a pass
    expect((await verify(editedBody))[0].status).toMatchObject({
      result: 'neutral',
      comment: 'body hash did not verify',
    });
    expect((await verify(editedFrom))[0].status).toMatchObject({ result: 'fail', comment: 'bad signature' });
  });

  it('sends a domain without a key unsigned, with one warning from the sender', async () => {
    const messages = received('plain');
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(m.raw.toString('latin1')).not.toMatch(/^DKIM-Signature:/im);
    const warnings = pipeline
      .log('sender')
      .split('\n')
      .filter((line) => line.includes('goes out unsigned'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('plain.example');
    expect(warnings[0]).not.toContain('shop.example');
  });

  it('shows in the account view which From domains are signed', async () => {
    const res = await pipeline.api('/v1/accounts/dkim');
    expect(res.status).toBe(200);
    const view = (await res.json()) as { dkim: unknown };

    expect(view.dkim).toEqual([
      { domain: 'mail.ed.example', signed: true, signingDomain: 'ed.example', selectors: ['ed2026'] },
      { domain: 'plain.example', signed: false },
      { domain: 'shop.example', signed: true, signingDomain: 'shop.example', selectors: ['rsa2026'] },
    ]);
  });

  it.each([
    ['missing', (file: string) => file, 'cannot be read (ENOENT)'],
    [
      'not a key',
      (file: string) => {
        fs.writeFileSync(file, 'not a key\n');
        return file;
      },
      'is not a PEM private key',
    ],
  ])('refuses to start with a key file that is %s, naming the file', async (_what, make, problem) => {
    const file = make(path.join(dir, `bad-${Math.random().toString(36).slice(2)}.pem`));
    const log = path.join(dir, `${path.basename(file)}.log`);
    const svc = spawnService('sender', { ...pipeline.env, DKIM_KEYS: `shop.example:s1:${file}` }, log);
    const exit = await svc.exited;

    expect(exit.code).toBe(1);
    expect(fs.readFileSync(log, 'utf8')).toContain(`${file}: ${problem}`);
  });
});
