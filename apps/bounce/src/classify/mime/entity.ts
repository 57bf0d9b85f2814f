import { bytesToText, decodeTransfer, encodedBudget } from './decode';
import {
  findHeaderEnd,
  headerValue,
  parseContentType,
  parseHeaderFields,
  type ContentType,
  type HeaderField,
} from './headers';

/** The bounds the parser keeps to; anything past them is refused, never partly processed. */
export interface MimeLimits {
  /** Whole message, bytes. */
  readonly maxMessageBytes: number;
  /** One header block (the message's or a part's), bytes. */
  readonly maxHeaderBytes: number;
  /** MIME entities in the whole tree, the message itself included. */
  readonly maxParts: number;
  /** Nesting of multiparts and encapsulated messages. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: MimeLimits = {
  maxMessageBytes: 10 * 1024 * 1024,
  maxHeaderBytes: 1024 * 1024,
  maxParts: 1000,
  maxDepth: 20,
};

/** One MIME entity, with its body as offsets into the source (no copy is made). */
export interface Entity {
  readonly headers: HeaderField[];
  readonly contentType: ContentType;
  readonly encoding: string | undefined;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** The parts of a multipart, or the one encapsulated message of a message/rfc822. */
  readonly children: Entity[];
  readonly depth: number;
}

export type MimeRejection =
  'message-too-large' | 'header-too-large' | 'too-many-parts' | 'too-deep' | 'broken-boundary';

export class MimeError extends Error {
  constructor(
    readonly reason: MimeRejection,
    detail: string,
  ) {
    super(detail);
  }
}

interface Context {
  readonly src: string;
  readonly limits: MimeLimits;
  parts: number;
  readonly warnings: string[];
}

const ENCAPSULATED = new Set(['message/rfc822', 'message/global', 'message/partial']);

/**
 * Parses the MIME structure of `src` (the raw message as a latin1 string). Throws MimeError
 * when a limit is passed or the top-level multipart has no usable boundary; a broken structure
 * further down (a truncated returned message) is kept as an opaque leaf and noted in `warnings`.
 */
export function parseMime(
  src: string,
  limits: MimeLimits = DEFAULT_LIMITS,
): { root: Entity; warnings: string[] } {
  if (src.length > limits.maxMessageBytes) {
    throw new MimeError(
      'message-too-large',
      `message is ${src.length} bytes, over ${limits.maxMessageBytes}`,
    );
  }
  const ctx: Context = { src, limits, parts: 0, warnings: [] };
  const root = parseEntity(ctx, 0, src.length, 0, 'text/plain', true);
  return { root, warnings: ctx.warnings };
}

function parseEntity(
  ctx: Context,
  start: number,
  end: number,
  depth: number,
  defaultType: string,
  strict: boolean,
): Entity {
  const { src, limits } = ctx;
  if (depth > limits.maxDepth) throw new MimeError('too-deep', `MIME nesting deeper than ${limits.maxDepth}`);
  ctx.parts += 1;
  if (ctx.parts > limits.maxParts)
    throw new MimeError('too-many-parts', `more than ${limits.maxParts} MIME parts`);
  const headerEnd = findHeaderEnd(src, start, end, limits.maxHeaderBytes);
  if (headerEnd < 0) {
    throw new MimeError('header-too-large', `a header block is over ${limits.maxHeaderBytes} bytes`);
  }
  const headers = parseHeaderFields(src, start, headerEnd);
  let bodyStart = headerEnd;
  if (src.startsWith('\r\n', bodyStart)) bodyStart += 2;
  else if (src.startsWith('\n', bodyStart)) bodyStart += 1;
  bodyStart = Math.min(bodyStart, end);
  const contentType = parseContentType(headerValue(headers, 'content-type'), defaultType);
  const encoding = headerValue(headers, 'content-transfer-encoding')?.toLowerCase();
  const children: Entity[] = [];
  const entity: Entity = { headers, contentType, encoding, bodyStart, bodyEnd: end, children, depth };

  if (contentType.mediaType.startsWith('multipart/')) {
    const boundary = contentType.params.boundary;
    const unusable = boundaryProblem(boundary);
    if (unusable && strict) throw new MimeError('broken-boundary', unusable);
    const ranges = unusable ?? splitMultipart(src, bodyStart, end, boundary as string);
    if (typeof ranges === 'string') {
      // relays that rewrite bodies leave a multipart whose delimiters are gone: read it as text
      ctx.warnings.push(`broken-boundary: ${ranges}`);
      return { ...entity, contentType: { mediaType: 'text/plain', params: {} } };
    }
    const childType = contentType.mediaType === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
    for (const [s, e] of ranges) children.push(parseEntity(ctx, s, e, depth + 1, childType, false));
  } else if (ENCAPSULATED.has(contentType.mediaType) && !/base64|quoted/.test(encoding ?? '')) {
    children.push(parseEntity(ctx, bodyStart, end, depth + 1, 'text/plain', false));
  }
  return entity;
}

/** Why a boundary parameter cannot delimit anything (RFC 2046 §5.1.1: 1 to 70 characters), or null. */
function boundaryProblem(boundary: string | undefined): string | null {
  if (boundary === undefined) return 'multipart without a boundary parameter';
  if (boundary.trim() === '') return 'multipart with an empty boundary';
  if (boundary.length > 200) return `multipart boundary of ${boundary.length} characters`;
  if (/[\r\n]/.test(boundary)) return 'multipart boundary with a line break';
  return null;
}

/** The part ranges of a multipart body, or why there are none. */
function splitMultipart(
  src: string,
  start: number,
  end: number,
  boundary: string,
): Array<[number, number]> | string {
  const delimiter = '--' + boundary;
  const ranges: Array<[number, number]> = [];
  let partStart = -1;
  let pos = start;
  while (pos < end) {
    const at = src.indexOf(delimiter, pos);
    if (at < 0 || at >= end) break;
    pos = at + delimiter.length;
    if (at !== start && src[at - 1] !== '\n') continue;
    const closing = src.startsWith('--', pos);
    const lineEnd = src.indexOf('\n', pos);
    const rest = src.slice(closing ? pos + 2 : pos, lineEnd < 0 || lineEnd > end ? end : lineEnd);
    if (!closing && /\S/.test(rest)) continue; // a longer token that only starts with the boundary
    if (partStart >= 0) ranges.push([partStart, trimLineBreak(src, partStart, at)]);
    if (closing) {
      partStart = -1;
      break;
    }
    partStart = lineEnd < 0 || lineEnd >= end ? end : lineEnd + 1;
  }
  // no closing delimiter: the message was truncated, keep what arrived
  if (partStart >= 0) ranges.push([partStart, end]);
  if (ranges.length === 0) return `multipart boundary "${boundary.slice(0, 70)}" never appears in the body`;
  return ranges;
}

function trimLineBreak(src: string, start: number, at: number): number {
  let e = at;
  if (e > start && src[e - 1] === '\n') e -= 1;
  if (e > start && src[e - 1] === '\r') e -= 1;
  return e;
}

/** Every entity of the tree, depth first, with the encapsulated-message nesting level of each. */
export function* walk(root: Entity, insideMessage = 0): Generator<{ entity: Entity; insideMessage: number }> {
  yield { entity: root, insideMessage };
  const nested = ENCAPSULATED.has(root.contentType.mediaType) ? insideMessage + 1 : insideMessage;
  for (const child of root.children) yield* walk(child, nested);
}

/** The entity's body as text: transfer decoding, then charset; at most `maxChars` characters are decoded. */
export function entityText(src: string, entity: Entity, maxChars: number): string {
  const budget = encodedBudget(maxChars, entity.encoding);
  const raw = src.slice(entity.bodyStart, Math.min(entity.bodyEnd, entity.bodyStart + budget));
  const bytes = decodeTransfer(raw, entity.encoding);
  const text = bytesToText(bytes, entity.contentType.params.charset);
  return text.length > maxChars ? text.slice(0, maxChars) : text;
}
