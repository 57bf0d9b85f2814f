import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';

/**
 * `npm run bench:templates [-- runs]`: what preparing a campaign's content costs the scheduler on
 * submit (prepareContent: parse and check, juice or MJML, html-to-text, width checks), once per
 * campaign and on the request's event loop. Three templates: a 12–15 KB HTML newsletter, the same
 * layout in MJML, and an HTML newsletter near TEMPLATE_MAX_BYTES (512 KiB). Prints one JSON line
 * per template with the median and the slowest of `runs` (20) in milliseconds, and the load average.
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

const STYLE = `<style>
  body { margin: 0; padding: 0; background: #f4f4f4; }
  .container { width: 600px; }
  .item td { padding: 12px 24px; font-family: Arial, sans-serif; color: #333333; }
  .item a { color: #336699; text-decoration: none; }
  @media only screen and (max-width: 620px) { .container { width: 100% !important; } }
</style>`;

function htmlRow(i: number): string {
  return `<tr class="item"><td><img src="https://cdn.shop.example/p/${i}.png" width="120" height="120" alt="Product ${i}">
  <p><a href="https://shop.example/p/${i}?utm_source=mail">Product ${i}</a> for {{name}}: now {{price${i % 5}}}</p></td></tr>`;
}

function newsletter(rows: number): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Sale</title>${STYLE}</head><body>
<table role="presentation" class="container" align="center" cellpadding="0" cellspacing="0">
<tr><td><img src="https://cdn.shop.example/hero.png" width="600" alt="Spring"></td></tr>
${Array.from({ length: rows }, (_, i) => htmlRow(i)).join('\n')}
<tr><td><p><a href="{{unsubscribeUrl}}">Unsubscribe</a></p></td></tr>
</table></body></html>`;
}

function mjml(rows: number): string {
  const items = Array.from(
    { length: rows },
    (_, i) => `<mj-section><mj-column><mj-image src="https://cdn.shop.example/p/${i}.png" width="120px" />
    <mj-text><a href="https://shop.example/p/${i}">Product ${i}</a> for {{name}}</mj-text></mj-column></mj-section>`,
  ).join('\n');
  return `<mjml><mj-body width="600px"><mj-section><mj-column><mj-image src="https://cdn.shop.example/hero.png" width="600px" /></mj-column></mj-section>
${items}
<mj-section><mj-column><mj-button href="{{unsubscribeUrl}}">Unsubscribe</mj-button></mj-column></mj-section></mj-body></mjml>`;
}

async function main(): Promise<void> {
  const { prepareContent } = await import('../libs/templates/src');
  const runs = Number(process.argv[2] ?? 20);
  const large = newsletter(1);
  const rowBytes = Buffer.byteLength(htmlRow(0));
  const templates: Record<string, { html?: string; mjml?: string }> = {
    'html-newsletter': { html: newsletter(40) },
    'mjml-newsletter': { mjml: mjml(40) },
    'html-near-limit': { html: newsletter(Math.floor((480 * 1024 - Buffer.byteLength(large)) / rowBytes)) },
  };
  for (const [name, input] of Object.entries(templates)) {
    await prepareContent(input); // warm-up: module loading and JIT
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await prepareContent(input);
      times.push(performance.now() - start);
    }
    times.sort((a, b) => a - b);
    const source = input.html ?? input.mjml ?? '';
    console.log(
      JSON.stringify({
        template: name,
        bytes: Buffer.byteLength(source),
        runs,
        median_ms: Number(times[Math.floor(runs / 2)].toFixed(1)),
        max_ms: Number(times[runs - 1].toFixed(1)),
        loadavg_1m: Number(os.loadavg()[0].toFixed(2)),
        cpus: os.cpus().length,
      }),
    );
  }
}

void main();
