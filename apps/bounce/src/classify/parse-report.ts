import {
  DEFAULT_LIMITS,
  entityText,
  MimeError,
  parseMime,
  walk,
  type Entity,
  type MimeLimits,
} from './mime/entity';
import {
  headerValue,
  headerValues,
  parseContentType,
  parseHeaderFields,
  type HeaderField,
} from './mime/headers';
import { htmlToText } from './plain-text';
import {
  addressOf,
  joinDeliveryStatus,
  MAX_REPORT_RECIPIENTS,
  parseDeliveryStatus,
  parseFeedbackReport,
  type DeliveryStatus,
  type FeedbackReport,
} from './report-fields';

export type { HeaderField } from './mime/headers';
export { DEFAULT_LIMITS, type MimeLimits } from './mime/entity';

/** Why a message was refused before classification; the service quarantines it with this reason. */
export type RejectReason =
  | 'message-too-large'
  | 'header-too-large'
  | 'too-many-parts'
  | 'too-deep'
  | 'broken-boundary'
  | 'empty-message'
  | 'no-headers'
  | 'unparseable';

export interface RejectedReport {
  readonly kind: 'rejected';
  readonly reason: RejectReason;
  /** What exactly was wrong, for the operator. */
  readonly detail: string;
}

/** The returned original message (or its headers), as far as the bounce carries it. */
export interface OriginalMessage {
  readonly source: 'message/rfc822' | 'text/rfc822-headers' | 'inline';
  readonly headers: HeaderField[];
  readonly messageId: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly subject: string | null;
  /** Postroom's `X-Postroom-Delivery` header. */
  readonly deliveryId: string | null;
  /** Postroom's `X-Postroom-Campaign` header. */
  readonly campaignId: string | null;
}

export interface Report {
  readonly kind: 'report';
  /** Every top-level header field, names in lower case, values unfolded and decoded. */
  readonly headers: HeaderField[];
  readonly from: string | null;
  readonly to: string | null;
  readonly subject: string | null;
  readonly messageId: string | null;
  readonly autoSubmitted: string | null;
  /** X-Failed-Recipients (Exim and others), every address. */
  readonly failedRecipients: string[];
  /** The top-level media type, lower case. */
  readonly contentType: string;
  /** The report-type parameter of a multipart/report, lower case. */
  readonly reportType: string | null;
  readonly deliveryStatus: DeliveryStatus | null;
  readonly feedback: FeedbackReport | null;
  /** The human-readable part(s), HTML turned into text, cut before any inline copy of the original. */
  readonly text: string;
  readonly original: OriginalMessage | null;
  /** Structural problems that were tolerated (a truncated returned message, …). */
  readonly warnings: string[];
}

export type ParsedReport = Report | RejectedReport;

/** How much human-readable text is kept, in characters (the wording that matters is near the top). */
const MAX_TEXT_CHARS = 256 * 1024;
const MAX_PART_TEXT_CHARS = 128 * 1024;
/**
 * How much of a delivery-status part is read: room for MAX_REPORT_RECIPIENTS blocks of about a
 * kilobyte each (a long folded Diagnostic-Code), so the recipient cap, not the text, is the limit.
 */
const MAX_DSN_CHARS = 1024 * 1024;

const DSN_TYPES = new Set([
  'message/delivery-status',
  'message/global-delivery-status',
  'text/delivery-status',
  'message/x-delivery-status',
]);
const FEEDBACK_TYPES = new Set(['message/feedback-report', 'text/feedback-report']);
const HEADERS_TYPES = new Set([
  'text/rfc822-headers',
  'text/rfc822-header',
  'message/rfc822-headers',
  'message/global-headers',
  'text/headers',
]);
const MESSAGE_TYPES = new Set(['message/rfc822', 'message/global', 'message/partial']);
const TEXT_TYPES = new Set(['text/plain', 'text/html', 'text/enriched', 'text/x-aol', 'text/richtext']);

/**
 * Parses a raw bounce, complaint or reply into its parts. Never throws: input past the limits,
 * a multipart with no usable boundary or a message with no header at all is returned as
 * `{ kind: 'rejected', reason }`. Memory stays bounded: the message is held once (as a latin1
 * string, one character per byte) and only the parts that are read get decoded, each capped.
 */
export function parseReport(raw: Buffer | Uint8Array, limits: MimeLimits = DEFAULT_LIMITS): ParsedReport {
  try {
    if (raw.length > limits.maxMessageBytes) {
      return rejected('message-too-large', `message is ${raw.length} bytes, over ${limits.maxMessageBytes}`);
    }
    const src = Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('latin1');
    if (!/\S/.test(src)) return rejected('empty-message', 'the message is empty');
    return fromSource(src, limits);
  } catch (err) {
    if (err instanceof MimeError) return rejected(err.reason, err.message);
    return rejected('unparseable', err instanceof Error ? err.message.slice(0, 200) : 'unknown error');
  }
}

function rejected(reason: RejectReason, detail: string): RejectedReport {
  return { kind: 'rejected', reason, detail };
}

function fromSource(src: string, limits: MimeLimits): ParsedReport {
  const { root, warnings } = parseMime(src, limits);
  if (root.headers.length === 0) return rejected('no-headers', 'the message has no header fields');
  const h = root.headers;
  // as declared: a multipart read as text (its delimiters gone) still says what it meant to be
  const declared = parseContentType(headerValue(h, 'content-type'));
  const reportType = declared.mediaType === 'multipart/report' ? declared.params['report-type'] : undefined;

  let parts = readParts(src, root, limits);
  // a gateway that wraps the bounce it received, or someone who forwards it as an attachment:
  // the report is the attached message, whatever multipart holds its delivery-status part
  const wrapped = parts.firstMessage;
  if (!parts.deliveryStatus && !parts.feedback && wrapped) {
    const inner = readParts(src, wrapped, limits);
    if (wrapped.contentType.mediaType === 'multipart/report' || inner.deliveryStatus) {
      parts = { ...inner, text: [parts.text, inner.text].filter(Boolean).join('\n\n') };
    }
  }
  const { deliveryStatus, feedback, text, original } = parts;
  if (parts.dsnCut) warnings.push(`delivery-status: only its first ${MAX_DSN_CHARS} characters are read`);
  if (deliveryStatus?.truncated) {
    warnings.push(`delivery-status: only its first ${MAX_REPORT_RECIPIENTS} recipients are read`);
  }

  return {
    kind: 'report',
    headers: h,
    from: headerValue(h, 'from') ?? null,
    to: headerValue(h, 'to') ?? null,
    subject: headerValue(h, 'subject') ?? null,
    messageId: headerValue(h, 'message-id') ?? null,
    autoSubmitted: headerValue(h, 'auto-submitted') ?? null,
    failedRecipients: addressList(headerValues(h, 'x-failed-recipients')),
    contentType: declared.mediaType,
    reportType: reportType?.toLowerCase() ?? null,
    deliveryStatus,
    feedback,
    text,
    original,
    warnings,
  };
}

interface Parts {
  readonly deliveryStatus: DeliveryStatus | null;
  readonly feedback: FeedbackReport | null;
  readonly original: OriginalMessage | null;
  readonly text: string;
  /** The first encapsulated message's own root entity. */
  readonly firstMessage: Entity | null;
  /** The delivery-status part was longer than MAX_DSN_CHARS. */
  readonly dsnCut: boolean;
}

/** Reads the report parts of one message (not those of the messages it encapsulates). */
function readParts(src: string, root: Entity, limits: MimeLimits): Parts {
  let deliveryStatus: DeliveryStatus | null = null;
  let feedback: FeedbackReport | null = null;
  let original: OriginalMessage | null = null;
  let firstMessage: Entity | null = null;
  let dsnCut = false;
  const texts: string[] = [];
  let textChars = 0;
  const skip = new Set<Entity>();

  for (const { entity, insideMessage } of walk(root)) {
    if (skip.has(entity)) continue;
    const type = entity.contentType.mediaType;
    if (type === 'multipart/alternative') {
      // read one rendering: the plain one when there is one
      const plain = entity.children.find((c) => c.contentType.mediaType === 'text/plain');
      if (plain) for (const c of entity.children) if (c !== plain) skip.add(c);
      continue;
    }
    if (insideMessage > 0) continue;
    if (DSN_TYPES.has(type)) {
      // RFC 3464 has one such part, but some servers write one per recipient: every one is read
      if (!deliveryStatus?.truncated) {
        const fields = entityText(src, entity, MAX_DSN_CHARS);
        deliveryStatus = joinDeliveryStatus(deliveryStatus, parseDeliveryStatus(fields));
        dsnCut ||= fields.length >= MAX_DSN_CHARS;
      }
    } else if (FEEDBACK_TYPES.has(type)) {
      feedback ??= parseFeedbackReport(entityText(src, entity, MAX_PART_TEXT_CHARS));
    } else if (HEADERS_TYPES.has(type)) {
      original ??= originalFrom(
        'text/rfc822-headers',
        headersFromText(entityText(src, entity, limits.maxHeaderBytes)),
      );
    } else if (MESSAGE_TYPES.has(type)) {
      const inner = entity.children[0];
      if (inner && inner.headers.length > 0) {
        original ??= originalFrom('message/rfc822', inner.headers);
        firstMessage ??= inner;
      }
    } else if (TEXT_TYPES.has(type) && entity.depth - root.depth <= 3 && textChars < MAX_TEXT_CHARS) {
      let text = entityText(src, entity, MAX_PART_TEXT_CHARS).replace(/\r\n?/g, '\n');
      if (looksBinary(text)) continue; // an image or archive labelled as text
      if (type === 'text/html' || (type !== 'text/plain' && /<[a-z]/i.test(text))) text = htmlToText(text);
      texts.push(text);
      textChars += text.length;
    }
  }

  let text = texts.join('\n\n');
  const inline = splitInlineOriginal(text);
  if (inline) {
    text = inline.before;
    if (!original && inline.headers.length > 0) original = originalFrom('inline', inline.headers);
  }
  // some servers write the DSN or ARF fields into the text part instead of their own part
  deliveryStatus ??= inlineDeliveryStatus(text);
  if (!feedback && /^Feedback-Type:/im.test(text)) feedback = parseFeedbackReport(text);
  return { deliveryStatus, feedback, original, text, firstMessage, dsnCut };
}

/** Binary content labelled as text: a file signature, or many control characters. */
function looksBinary(text: string): boolean {
  if (
    ['\u0089PNG', 'GIF8', '\u00ff\u00d8\u00ff', '%PDF-', 'PK\u0003\u0004'].some((magic) =>
      text.startsWith(magic),
    )
  ) {
    return true;
  }
  const sample = text.slice(0, 4096);
  // eslint-disable-next-line no-control-regex
  const controls = sample.match(/[\x00-\x08\x0e-\x1a\x1c-\x1f\ufffd]/g)?.length ?? 0;
  return controls > sample.length / 20;
}

function addressList(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    for (const piece of v.split(/[,\s]+/)) {
      const a = addressOf(piece);
      if (a && !out.includes(a) && out.length < 1000) out.push(a);
    }
  }
  return out;
}

function headersFromText(text: string): HeaderField[] {
  const start = text.search(/\S/);
  if (start < 0) return [];
  const body = text.slice(start);
  const end = body.search(/\r?\n\r?\n/);
  return parseHeaderFields(body, 0, end < 0 ? body.length : end);
}

function originalFrom(source: OriginalMessage['source'], headers: HeaderField[]): OriginalMessage | null {
  if (headers.length === 0) return null;
  const value = (name: string) => headerValue(headers, name)?.trim() || null;
  return {
    source,
    headers,
    messageId: value('message-id'),
    from: value('from'),
    to: value('to'),
    subject: value('subject'),
    deliveryId: value('x-postroom-delivery'),
    campaignId: value('x-postroom-campaign'),
  };
}

/** Lines that announce the returned message (or its headers) inside a text part. */
const ORIGINAL_MARKERS: RegExp[] = [
  // "------ This is a copy of the message, including all the headers. ------" (Exim),
  // "--- Below this line is a copy of the message." (qmail), "----- Original message -----"
  /^\s*[-=|_*#]{2,}.{0,30}\b(?:copy of (?:the|your) (?:original )?message|original message|returned message|unsent message|undelivered message|message (?:text|header|headers) follows?|header of the original message|headers? of (?:the|your) (?:original )?message)\b.{0,60}$/i,
  /^\s*(?:original message headers|message headers follow|below is a copy of the original message|original message follows|included is a copy of the message header|enclosed is a copy of the message|the original message headers were|original message header|headers of the original message)\s*[:.]?\s*$/i,
  /^\s*-{2,}\s*(?:original|forwarded) message\s*-{2,}\s*$/i,
  /^\s*original message\s*:\s*$/i,
];

const TYPICAL_HEADERS =
  /^(?:from|to|subject|message-id|date|received|return-path|x-postroom-delivery|mime-version)$/;

/** Cuts the text where an inline copy of the original starts; parses the headers that follow. */
function splitInlineOriginal(text: string): { before: string; headers: HeaderField[] } | null {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (line.length < 160 && ORIGINAL_MARKERS.some((re) => re.test(line))) {
      const rest = text.slice(offset + line.length + 1);
      const headers = headersFromText(rest).filter(([n]) => n.length > 0);
      const typical = headers.some(([n]) => TYPICAL_HEADERS.test(n));
      return { before: text.slice(0, offset), headers: typical ? headers : [] };
    }
    offset += line.length + 1;
  }
  return null;
}

function inlineDeliveryStatus(text: string): DeliveryStatus | null {
  if (!/^[ \t]*(?:final|original)-recipient\s*:/im.test(text)) return null;
  if (!/^[ \t]*(?:action|status)\s*:/im.test(text)) return null;
  return parseDeliveryStatus(text);
}
