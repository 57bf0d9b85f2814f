import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import type {
  CampaignTemplate,
  LinkRegistry,
  RenderTarget,
} from '../apps/sender/src/render/rendered-message';

/**
 * `npm run bench:render [-- messages]`: renders the same campaign (a 10–20 KB newsletter with
 * links, a personalised subject and a text part) for `messages` recipients (20,000 by default)
 * with `MessageRenderer` (MailComposer per recipient) and with `CompiledRenderer` (compiled
 * once) in this process, and prints µs per message (wall and CPU) and messages per second for
 * each. The messages are rendered in three rounds per renderer, taking turns, and each figure is
 * the median round's, so that a burst of other work on the machine moves it less; the load
 * average is printed beside it. The link registry is an in-memory map, as the cached registry is
 * once a campaign's links are stored: what is measured is the rendering.
 */

// run by @swc/register, which does not read tsconfig's paths: map @postroom/x as jest does
const ROOT = path.resolve(__dirname, '..');
type Resolve = (this: unknown, request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolve };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (request, ...rest) {
  const lib = /^@postroom\/([\w-]+)$/.exec(request)?.[1];
  return resolve.call(this, lib ? path.join(ROOT, 'libs', lib, 'src') : request, ...rest);
};

const WARMUP = 2000;
const ROUNDS = 3;

interface Renderer {
  render(campaign: CampaignTemplate, target: RenderTarget): Promise<{ raw: Buffer }>;
}

interface Measured {
  renderer: string;
  messages: number;
  wallUsPerMessage: number;
  cpuUsPerMessage: number;
  messagesPerSecond: number;
  bytesPerMessage: number;
}

/** Links numbered on first sight and then served from memory. */
class MemoryLinks implements LinkRegistry {
  private readonly ids = new Map<string, string>();
  async idsFor(_campaignId: string, urls: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const url of urls) {
      let id = this.ids.get(url);
      if (!id) this.ids.set(url, (id = String(this.ids.size + 1)));
      out.set(url, id);
    }
    return out;
  }
}

function product(i: number): string {
  return `<tr><td style="padding:16px 32px;border-top:1px solid #eeeeee">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr>
<td width="160" valign="top"><a href="https://shop.example/p/${1000 + i}?utm_source=newsletter&amp;utm_campaign=autumn"><img src="https://shop.example/img/p${1000 + i}.jpg" width="160" height="160" alt="Product ${i}" style="display:block;border:0"></a></td>
<td valign="top" style="padding-left:16px;color:#222222;font-size:15px;line-height:22px">
<h3 style="margin:0 0 8px;font-size:18px">Autumn pick ${i}: the wool coat in charcoal</h3>
<p style="margin:0 0 8px">Warm, light and cut to layer over knitwear: a classic for the cold months, now 30% off for one week only. Sizes XS to XXL.</p>
<p style="margin:0"><a href="https://shop.example/p/${1000 + i}?utm_source=newsletter&amp;utm_campaign=autumn" style="color:#c0392b;font-weight:bold">See the coat</a></p>
</td></tr></table>
</td></tr>
`;
}

/** A newsletter of about 15 KB: header, hero, twelve product cards, a footer; the name three times. */
function campaign(): CampaignTemplate {
  const html = `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Autumn sale</title></head>
<body style="margin:0;padding:0;background:#f4f4f4;font-family:Arial,Helvetica,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f4">
<tr><td align="center" style="padding:24px 0">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:4px">
<tr><td style="padding:24px 32px"><a href="https://shop.example/?utm_source=newsletter"><img src="https://shop.example/img/logo.png" width="160" height="40" alt="Shop" style="display:block;border:0"></a></td></tr>
<tr><td><img src="https://shop.example/img/autumn-hero.jpg" width="600" height="240" alt="Autumn sale" style="display:block;border:0;width:600px"></td></tr>
<tr><td style="padding:32px;color:#222222;font-size:16px;line-height:24px">
<h1 style="margin:0 0 16px;font-size:24px;line-height:32px">Hi {{name}}, our autumn sale starts today</h1>
<p style="margin:0 0 16px">For one week, everything in our autumn collection is up to 40% off: coats, boots, knitwear and
the accessories that go with them. As one of our regular customers you get early access, before the sale opens to everyone on Friday.</p>
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:24px 0"><tr>
<td style="background:#c0392b;border-radius:4px"><a href="https://shop.example/sale?utm_source=newsletter&amp;utm_campaign=autumn" style="display:inline-block;padding:12px 24px;color:#ffffff;text-decoration:none;font-weight:bold">Shop the sale</a></td>
</tr></table>
</td></tr>
${Array.from({ length: 12 }, (_, i) => product(i + 1)).join('')}<tr><td style="padding:32px;color:#222222;font-size:16px;line-height:24px">
<p style="margin:0 0 16px">Not sure what fits, {{name}}? Our size guide and the reviews of other customers are on every product page,
and our team answers questions by chat every day from 8 to 20. Or write to <a href="mailto:help@shop.example">help@shop.example</a>.</p>
<p style="margin:0">See you soon,<br>The Shop team</p>
</td></tr>
<tr><td style="padding:24px 32px;background:#fafafa;color:#888888;font-size:12px;line-height:18px">
You receive this email because you are a customer of Shop ({{email}}). Shop Ltd, 1 Market Street, Example City.
<a href="https://shop.example/account/preferences" style="color:#888888">Email preferences</a>
</td></tr>
</table>
</td></tr>
</table>
</body></html>
`;
  const text = `Hi {{name}}, our autumn sale starts today.

For one week, everything in our autumn collection is up to 40% off: coats, boots, knitwear and the
accessories that go with them. As one of our regular customers you get early access.

Shop the sale: https://shop.example/sale

${Array.from({ length: 8 }, (_, i) => `- Autumn pick ${i + 1}, the wool coat: https://shop.example/p/${1001 + i}`).join('\n')}

See you soon,
The Shop team`;
  return {
    id: '1',
    from: 'Shop <news@shop.example>',
    subject: 'Hello {{name}}, the autumn sale starts today',
    html,
    text,
  };
}

function target(i: number): RenderTarget {
  return {
    deliveryId: String(100000 + i),
    email: `customer${i + 1}@example.com`,
    name: i % 5 === 0 ? `Zoë Customer ${i + 1}` : `Customer ${i + 1}`,
    vars: { plan: i % 2 ? 'pro' : 'free' },
  };
}

async function measure(name: string, renderer: Renderer, c: CampaignTemplate, n: number): Promise<Measured> {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += (await renderer.render(c, target(i))).raw.length;
  const wallUs = Number(process.hrtime.bigint() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    renderer: name,
    messages: n,
    wallUsPerMessage: round(wallUs / n),
    cpuUsPerMessage: round((used.user + used.system) / n),
    messagesPerSecond: Math.round((n / wallUs) * 1e6),
    bytesPerMessage: Math.round(bytes / n),
  };
}

/** The round with the median CPU time per message. */
function median(rounds: Measured[]): Measured {
  return rounds.slice().sort((a, b) => a.cpuUsPerMessage - b.cpuUsPerMessage)[Math.floor(rounds.length / 2)];
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 20_000);
  if (!Number.isInteger(n) || n <= 0) throw new Error('usage: bench-render [messages], a positive integer');
  const { MessageRenderer } = await import('../apps/sender/src/render/message-renderer');
  const { CompiledRenderer } = await import('../apps/sender/src/render/compiled-message');
  const { TokenSigner } = await import('@postroom/tokens');
  const settings = () => ({
    bounceDomain: 'bounces.shop.example',
    trackingBaseUrl: 'https://t.shop.example',
    signer: new TokenSigner([{ kid: 'k1', secret: 'bench-secret-0123456789' }], 30),
    links: new MemoryLinks(),
    clock: { now: () => new Date() },
  });
  const c = campaign();
  console.error(
    `bench:render: ${n} messages, HTML ${Buffer.byteLength(c.html)} bytes, text ${Buffer.byteLength(c.text ?? '')} bytes`,
  );
  const renderers: Array<[string, Renderer]> = [
    ['MessageRenderer', new MessageRenderer(settings())],
    ['CompiledRenderer', new CompiledRenderer(settings())],
  ];
  for (const [, renderer] of renderers) for (let i = 0; i < WARMUP; i++) await renderer.render(c, target(i));
  const rounds = new Map<string, Measured[]>(renderers.map(([name]) => [name, []]));
  const perRound = Math.ceil(n / ROUNDS);
  for (let r = 0; r < ROUNDS; r++) {
    for (const [name, renderer] of r % 2 ? renderers.slice().reverse() : renderers) {
      rounds.get(name)!.push(await measure(name, renderer, c, perRound));
    }
  }
  const [old, compiled] = renderers.map(([name]) => median(rounds.get(name)!));
  const load = os.loadavg().map((l) => l.toFixed(1));
  console.error(
    `load average ${load.join(' ')} on ${os.availableParallelism()} cores; median of ${ROUNDS} rounds:`,
  );
  for (const m of [old, compiled]) {
    console.error(
      `${m.renderer.padEnd(17)} ${String(m.wallUsPerMessage).padStart(7)} µs/message  ` +
        `${String(m.cpuUsPerMessage).padStart(7)} µs CPU/message  ${String(m.messagesPerSecond).padStart(7)} messages/s  ` +
        `${m.bytesPerMessage} bytes/message`,
    );
  }
  const speedup = round(old.cpuUsPerMessage / compiled.cpuUsPerMessage);
  console.error(`CompiledRenderer: ${speedup}x less CPU per message`);
  console.log(JSON.stringify({ messages: n, rounds: ROUNDS, load: os.loadavg(), old, compiled, speedup }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
