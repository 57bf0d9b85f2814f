import type { CampaignSubmit } from '@postroom/contracts';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { randomBytes } from 'node:crypto';

export const BENCH_ACCOUNT = 'bench';
const FROM = 'news@shop.example';
const SUBJECT = 'Hello {{name}}, the autumn sale starts today';
const BOUNCE_DOMAIN = 'bounces.postroom.local';

/** A typical newsletter body (about 3 KB): a 600 px table layout, one image, a few links. */
export const BENCH_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>Autumn sale</title></head>
<body style="margin:0;padding:0;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f4">
<tr><td align="center" style="padding:24px 0">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:4px">
<tr><td style="padding:24px 32px"><img src="https://shop.example/img/logo.png" width="160" height="40" alt="Shop" style="display:block;border:0"></td></tr>
<tr><td><img src="https://shop.example/img/autumn-hero.jpg" width="600" height="240" alt="Autumn sale" style="display:block;border:0;width:600px"></td></tr>
<tr><td style="padding:32px;color:#222222;font-size:16px;line-height:24px">
<h1 style="margin:0 0 16px;font-size:24px;line-height:32px">Hi {{name}}, our autumn sale starts today</h1>
<p style="margin:0 0 16px">For one week, everything in our autumn collection is up to 40% off: coats, boots, knitwear and
the accessories that go with them. As one of our regular customers you get early access, before the sale opens to everyone
on Friday.</p>
<p style="margin:0 0 16px">Free delivery on every order over 50 EUR, and free returns within 30 days, as always. Sizes go
fast in the first days, so if you had your eye on something, now is the time.</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:24px 0"><tr>
<td style="background:#c0392b;border-radius:4px"><a href="https://shop.example/sale?utm_source=newsletter&amp;utm_campaign=autumn" style="display:inline-block;padding:12px 24px;color:#ffffff;text-decoration:none;font-weight:bold">Shop the sale</a></td>
</tr></table>
<p style="margin:0 0 16px">Not sure what fits? Our size guide and the reviews of other customers are on every product page,
and our team answers questions by chat every day from 8 to 20.</p>
<ul style="margin:0 0 16px;padding-left:20px">
<li><a href="https://shop.example/sale/coats" style="color:#c0392b">Coats and jackets</a></li>
<li><a href="https://shop.example/sale/boots" style="color:#c0392b">Boots</a></li>
<li><a href="https://shop.example/sale/knitwear" style="color:#c0392b">Knitwear</a></li>
</ul>
<p style="margin:0">See you soon,<br>The Shop team</p>
</td></tr>
<tr><td style="padding:24px 32px;background:#fafafa;color:#888888;font-size:12px;line-height:18px">
You receive this email because you are a customer of Shop. Shop Ltd, 1 Market Street, Example City.
</td></tr>
</table>
</td></tr>
</table>
</body></html>
`;

export const BENCH_TEXT = `Hi {{name}}, our autumn sale starts today.

For one week, everything in our autumn collection is up to 40% off: coats, boots, knitwear and the
accessories that go with them. Shop the sale: https://shop.example/sale

See you soon,
The Shop team`;

function recipient(i: number): { email: string; name: string } {
  return { email: `customer${i + 1}@example.com`, name: `Customer ${i + 1}` };
}

/** The campaign of the pipeline run: `n` recipients, one account of its own. */
export function benchCampaign(n: number, idempotencyKey: string): CampaignSubmit {
  return {
    idempotencyKey,
    account: BENCH_ACCOUNT,
    from: FROM,
    subject: SUBJECT,
    html: BENCH_HTML,
    text: BENCH_TEXT,
    recipients: Array.from({ length: n }, (_, i) => recipient(i)),
  };
}

/**
 * The raw run's message `i`: what the sender renders for one recipient (same body, same headers,
 * VERP envelope, one recipient), composed by nodemailer as the sender's renderer does.
 */
export function rawMessage(i: number, tag: string): Mail.Options {
  const { email, name } = recipient(i);
  const fill = (template: string) => template.replace(/\{\{name\}\}/g, name);
  const id = `raw${i + 1}`;
  return {
    from: FROM,
    to: { name, address: email },
    subject: fill(SUBJECT),
    html: fill(BENCH_HTML),
    text: fill(BENCH_TEXT),
    messageId: `<${randomBytes(16).toString('hex')}@${BOUNCE_DOMAIN}>`,
    headers: { 'X-Postroom-Campaign': tag },
    envelope: { from: `bounces+${id}@${BOUNCE_DOMAIN}`, to: [email] },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

export interface RawRunOptions {
  host: string;
  port: number;
  /** The pool's connections: the sender's SMTP_POOL_SIZE. */
  poolSize: number;
  n: number;
  /** Messages handed to the pool at once. */
  window: number;
  tag: string;
  onProgress?: (done: number) => void;
}

export interface RawRunResult {
  seconds: number;
  failed: number;
  firstError?: string;
}

/**
 * Sends `n` messages through a bare nodemailer pool, as fast as it goes: the ceiling the
 * pipeline's sender could reach on this machine with this sink.
 */
export async function rawRun(options: RawRunOptions): Promise<RawRunResult> {
  const transport = nodemailer.createTransport({
    pool: true,
    host: options.host,
    port: options.port,
    maxConnections: options.poolSize,
    maxMessages: Infinity,
    logger: false,
  } as SMTPPool.Options);
  let next = 0;
  let done = 0;
  let failed = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const worker = async () => {
    while (next < options.n) {
      const i = next++;
      try {
        await transport.sendMail(rawMessage(i, options.tag));
      } catch (err) {
        failed++;
        firstError ??= (err as Error).message;
      }
      options.onProgress?.(++done);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.window, options.n) }, worker));
    return { seconds: (performance.now() - started) / 1000, failed, firstError };
  } finally {
    transport.close();
  }
}
