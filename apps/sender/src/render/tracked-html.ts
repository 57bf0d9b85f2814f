/**
 * Pure HTML rewriting for tracking: links to click redirects, a 1x1 pixel, a visible
 * unsubscribe link when the template has none. Works on the rendered HTML as text.
 */

const HREF = /(<a\b[^>]*?\bhref\s*=\s*)("([^"]*)"|'([^']*)')/gi;

/** Absolute http(s) links in `<a href>`; mailto:, tel:, anchors and the unsubscribe link stay as they are. */
export function trackableLinks(html: string, unsubscribeUrl: string): string[] {
  const urls: string[] = [];
  for (const m of html.matchAll(HREF)) {
    const url = decodeEntities(m[3] ?? m[4] ?? '').trim();
    if (isTrackable(url, unsubscribeUrl)) urls.push(url);
  }
  return urls;
}

/** Replaces each trackable link by the redirect `redirectFor(url)` gives (undefined: leave it). */
export function rewriteLinks(
  html: string,
  unsubscribeUrl: string,
  redirectFor: (url: string) => string | undefined,
): string {
  return html.replace(
    HREF,
    (whole, prefix: string, _quoted, dq: string | undefined, sq: string | undefined) => {
      const url = decodeEntities(dq ?? sq ?? '').trim();
      if (!isTrackable(url, unsubscribeUrl)) return whole;
      const redirect = redirectFor(url);
      return redirect ? `${prefix}"${escapeAttr(redirect)}"` : whole;
    },
  );
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

function insertBeforeBodyEnd(html: string, fragment: string): string {
  const i = html.search(/<\/body\s*>/i);
  return i >= 0 ? html.slice(0, i) + fragment + html.slice(i) : html + fragment;
}

function isTrackable(url: string, unsubscribeUrl: string): boolean {
  return /^https?:\/\//i.test(url) && url !== unsubscribeUrl && url.length <= 2048;
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;|&#0*38;|&#x0*26;/gi, '&');
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
