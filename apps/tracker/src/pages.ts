import { createHash } from 'node:crypto';

/** The few small pages the tracker shows people. Plain HTML, no scripts, nothing from the request. */

const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}' +
  'button{font-size:1rem;padding:.6rem 1.2rem;border:0;border-radius:.3rem;background:#333;color:#fff;cursor:pointer}';

/**
 * Headers of every answer but the pixel's: no type sniffing, no Referer (the URL holds a token),
 * no framing (a page that unsubscribes must not be clickjacked), and a policy that allows
 * nothing but the page's own inline style (by its hash) and its form posting to itself.
 */
export const PAGE_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
} as const;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${title}</title><style>${STYLE}</style></head><body>${body}</body></html>`;
}

export const NOT_FOUND_PAGE = page(
  'Link not found',
  '<h1>Link not found</h1><p>This link is not valid or has expired.</p>',
);

/** GET /u/:token: asks, changes nothing (link scanners follow GETs). The form posts to the same URL. */
export const CONFIRM_UNSUBSCRIBE_PAGE = page(
  'Unsubscribe',
  '<h1>Unsubscribe?</h1><p>You will receive no more campaigns from this sender.</p>' +
    '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>',
);

export const UNSUBSCRIBED_PAGE = page(
  'Unsubscribed',
  '<h1>You are unsubscribed</h1><p>You will receive no more campaigns from this sender.</p>',
);

/** A transparent 1x1 GIF: 43 bytes. */
export const PIXEL = Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
