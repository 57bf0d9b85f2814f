/**
 * Turning what servers write into plain text: HTML bodies become text for reading, and
 * diagnostics become one flat line that is safe to store and later show (no markup survives).
 */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '-',
  mdash: '-',
  hellip: '...',
  laquo: '"',
  raquo: '"',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code < 0x110000 && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : ' ';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Elements whose content is never text. */
const DROPPED =
  /<(script|style|head|title|noscript|template|iframe|object)\b[^<>]{0,2000}>[\s\S]*?(?:<\/\1\s*>|$)/gi;
/** A tag: a name right after "<" and then space, "/" or ">", so "<user@example.com>" is not one. */
const TAG = /<\/?[a-z][a-z0-9:-]*(?:\s[^<>]*)?\/?>/gi;
const COMMENT = /<!--[\s\S]*?(?:-->|$)|<![a-z][^<>]{0,2000}>/gi;
const BLOCK_END = /<(?:br|\/p|\/div|\/tr|\/li|\/h[1-6]|\/table|p|div|tr|li|h[1-6])\b[^<>]{0,2000}>/gi;

function stripMarkup(text: string): string {
  return text.replace(COMMENT, ' ').replace(DROPPED, ' ').replace(BLOCK_END, '\n').replace(TAG, ' ');
}

/** HTML to readable text, keeping line structure. */
export function htmlToText(html: string): string {
  const text = decodeEntities(stripMarkup(html));
  // decoded entities can spell markup again ("&lt;script&gt;"): strip once more
  return stripMarkup(text)
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n[ \n]*/g, '\n')
    .trim();
}

export const MAX_DIAGNOSTIC_CHARS = 1000;

/**
 * A diagnostic as stored: markup removed, control characters dropped, whitespace collapsed to
 * one line, capped at `max` characters (with an ellipsis when cut).
 */
export function flattenDiagnostic(text: string, max = MAX_DIAGNOSTIC_CHARS): string {
  let t = text.length > max * 20 ? text.slice(0, max * 20) : text;
  if (/[<&]/.test(t)) t = htmlToText(t);
  t = t
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (t.length > max) t = t.slice(0, max - 1).trimEnd() + '…';
  return t;
}
