import { decodeHTMLAttribute } from 'entities';
import { parse, type DefaultTreeAdapterMap } from 'parse5';

/**
 * HTML rewriting for tracking: links to click redirects, a 1x1 pixel, a visible unsubscribe
 * link when the template has none.
 *
 * Links are found by an HTML parser (parse5), once per campaign, in the template source:
 * `markLinks` wraps each `<a>`/`<area>` href value (double-, single- or unquoted) in two
 * private-use markers, so after Handlebars has filled in the recipient (loops and
 * conditionals included) the rendered text says exactly where its links are, without a second
 * parse per email. `renderedLinks` reads them back; `fillLinks` writes each one as a quoted,
 * escaped attribute value: the redirect for a trackable link, the link itself otherwise.
 */

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKERS = /[\uE000\uE001]/g;
const LINK_TAGS = new Set(['a', 'area']);
/** The source of one href attribute as the parser delimited it: `href = "v"`, `'v'` or `v`. */
const HREF_SOURCE = /^href\s*=\s*(?:"([^"]*)"|'([^']*)'|(.*))$/is;

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** The template with every link's href value marked (see the file comment). */
export function markLinks(template: string): string {
  const source = template.replace(MARKERS, '');
  const spans: Array<{ start: number; end: number; value: string }> = [];
  walk(parse(source, { sourceCodeLocationInfo: true }), (el) => {
    const at = el.sourceCodeLocation?.attrs?.href;
    if (!LINK_TAGS.has(el.tagName) || !at) return;
    const m = HREF_SOURCE.exec(source.slice(at.startOffset, at.endOffset));
    if (m) spans.push({ start: at.startOffset, end: at.endOffset, value: m[1] ?? m[2] ?? m[3] ?? '' });
  });
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let from = 0;
  for (const s of spans) {
    out += `${source.slice(from, s.start)}href="${OPEN}${s.value}${CLOSE}"`;
    from = s.end;
  }
  return out + source.slice(from);
}

/** The decoded URLs of the marked links of a rendered template, in document order. */
export function renderedLinks(rendered: string): string[] {
  const urls: string[] = [];
  forEachLink(rendered, (url) => void urls.push(url));
  return urls;
}

/**
 * Writes every marked link as a quoted attribute value: `redirectFor(url)` where the link is
 * trackable and the function gives one, the link itself otherwise (mailto:, tel:, anchors, the
 * unsubscribe link). Stray markers (from a recipient's own data) are dropped.
 */
export function fillLinks(
  rendered: string,
  unsubscribeUrl: string,
  redirectFor: (url: string) => string | undefined,
): string {
  const out = forEachLink(rendered, (url, raw) => {
    const redirect = isTrackable(url, unsubscribeUrl) ? redirectFor(url) : undefined;
    return escapeAttr(redirect ?? decodeHTMLAttribute(raw));
  });
  return out.replace(MARKERS, '');
}

/**
 * A recipient's data with the marker characters taken out of every string, so that what a
 * segment says can never pose as one of the template's links.
 */
export function withoutMarkers<T>(value: T): T {
  if (typeof value === 'string') return value.replace(MARKERS, '') as T;
  if (Array.isArray(value)) return value.map(withoutMarkers) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutMarkers(v)])) as T;
  }
  return value;
}

/** The links worth a click redirect: absolute http(s), not the unsubscribe link, not huge. */
export function trackableLinks(rendered: string, unsubscribeUrl: string): string[] {
  return renderedLinks(rendered).filter((url) => isTrackable(url, unsubscribeUrl));
}

export function addPixel(html: string, pixelUrl: string): string {
  const img = `<img src="${escapeAttr(pixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`;
  return insertBeforeBodyEnd(html, img);
}

export function ensureUnsubscribeLink(html: string, unsubscribeUrl: string): string {
  if (html.includes(escapeAttr(unsubscribeUrl)) || html.includes(unsubscribeUrl)) return html;
  const footer =
    `<p style="font-size:12px;color:#666;text-align:center">` +
    `<a href="${escapeAttr(unsubscribeUrl)}" style="color:#666">Unsubscribe</a></p>`;
  return insertBeforeBodyEnd(html, footer);
}

export function ensureUnsubscribeText(text: string, unsubscribeUrl: string): string {
  return text.includes(unsubscribeUrl)
    ? text
    : `${text.replace(/\s+$/, '')}\n\nUnsubscribe: ${unsubscribeUrl}\n`;
}

/**
 * Calls `each` for every complete OPEN…CLOSE pair with the decoded URL and its raw text; when
 * `each` returns a string, that replaces the pair. Returns the text with the replacements.
 */
function forEachLink(text: string, each: (url: string, raw: string) => string | void): string {
  let out = '';
  let from = 0;
  for (let open = text.indexOf(OPEN); open >= 0; open = text.indexOf(OPEN, from)) {
    const close = text.indexOf(CLOSE, open + 1);
    if (close < 0) break;
    const nested = text.lastIndexOf(OPEN, close);
    const raw = text.slice(nested + 1, close);
    const replacement = each(decodeHTMLAttribute(raw).trim(), raw);
    out += text.slice(from, nested) + (typeof replacement === 'string' ? replacement : raw);
    from = close + 1;
  }
  return out + text.slice(from);
}

function walk(node: Node, visit: (el: Element) => void): void {
  if ('tagName' in node) visit(node);
  if ('childNodes' in node) for (const child of node.childNodes) walk(child, visit);
  // a <template>'s children live in its content fragment
  if ('content' in node && node.content) walk(node.content, visit);
}

function insertBeforeBodyEnd(html: string, fragment: string): string {
  const i = html.search(/<\/body\s*>/i);
  return i >= 0 ? html.slice(0, i) + fragment + html.slice(i) : html + fragment;
}

function isTrackable(url: string, unsubscribeUrl: string): boolean {
  return /^https?:\/\//i.test(url) && url !== unsubscribeUrl && url.length <= 2048;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
