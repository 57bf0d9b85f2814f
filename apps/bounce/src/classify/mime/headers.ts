import { decodeEncodedWords } from './decode';

/** One header field: the name in lower case, the value unfolded and decoded (RFC 2047). */
export type HeaderField = readonly [name: string, value: string];

/** Where a header block ends inside the source, and where the body starts. */
export interface HeaderBlock {
  readonly fields: HeaderField[];
  readonly bodyStart: number;
}

/**
 * Finds the end of the header block that starts at `start`: the first empty line. Returns -1
 * when no empty line is found within `maxBytes` of `start` and the entity is longer than that,
 * which is how a header block over the limit shows.
 */
export function findHeaderEnd(src: string, start: number, end: number, maxBytes: number): number {
  if (src.startsWith('\n', start)) return start;
  if (src.startsWith('\r\n', start)) return start;
  const limit = Math.min(end, start + maxBytes);
  let pos = start;
  for (;;) {
    const nl = src.indexOf('\n', pos);
    if (nl < 0 || nl >= limit) return limit >= end ? end : -1;
    const next = nl + 1;
    if (src.startsWith('\n', next)) return next;
    if (src.startsWith('\r\n', next)) return next;
    pos = next;
  }
}

/** Parses `src[start, headerEnd)` into fields; lines that are not fields (an mbox "From " line) are skipped. */
export function parseHeaderFields(src: string, start: number, headerEnd: number): HeaderField[] {
  const fields: HeaderField[] = [];
  const lines = src.slice(start, headerEnd).split(/\r?\n/);
  let name: string | null = null;
  let value = '';
  const flush = () => {
    if (name !== null) fields.push([name, decodeEncodedWords(value.trim())]);
    name = null;
    value = '';
  };
  for (const line of lines) {
    if (/^[ \t]/.test(line)) {
      if (name !== null) value += ' ' + line.trim();
      continue;
    }
    flush();
    const m = /^([!-9;-~]{1,100}):[ \t]?(.*)$/.exec(line);
    if (m) {
      name = m[1].toLowerCase();
      value = m[2];
    }
  }
  flush();
  return fields;
}

/** The first value of a header, or undefined. */
export function headerValue(fields: readonly HeaderField[], name: string): string | undefined {
  const key = name.toLowerCase();
  for (const [n, v] of fields) if (n === key) return v;
  return undefined;
}

/** Every value of a header, in order. */
export function headerValues(fields: readonly HeaderField[], name: string): string[] {
  const key = name.toLowerCase();
  return fields.filter(([n]) => n === key).map(([, v]) => v);
}

/** A parsed Content-Type: `type/subtype` in lower case and its parameters (names in lower case). */
export interface ContentType {
  readonly mediaType: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses a Content-Type (or Content-Disposition) value, tolerating missing quotes and stray semicolons. */
export function parseContentType(value: string | undefined, fallback = 'text/plain'): ContentType {
  if (!value) return { mediaType: fallback, params: {} };
  const semi = value.indexOf(';');
  const head = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const mediaType = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(head) ? head : fallback;
  const params: Record<string, string> = {};
  if (semi >= 0) {
    const re = /;\s*([^=;\s]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^;]*)/g;
    let m: RegExpExecArray | null;
    const rest = value.slice(semi);
    while ((m = re.exec(rest)) !== null) {
      const key = m[1].toLowerCase();
      const v = m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2].trim();
      if (!(key in params)) params[key] = v;
    }
  }
  return { mediaType, params };
}
