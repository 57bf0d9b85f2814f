/**
 * The machine-readable parts of a report: RFC 3464 delivery-status fields and RFC 5965
 * feedback-report fields. Both are header-like "Name: value" lines in groups separated by blank
 * lines; servers get the layout wrong often enough that grouping is inferred from the fields.
 */

/** Field name (lower case) to value; the first occurrence wins. */
export type Fields = Readonly<Record<string, string>>;

export interface DsnRecipient {
  readonly finalRecipient: string | null;
  readonly originalRecipient: string | null;
  /** Sendmail's X-Actual-Recipient: the address after its alias expansion. */
  readonly actualRecipient: string | null;
  readonly action: string | null;
  readonly status: string | null;
  /** The Diagnostic-Code text without its type ("smtp; "). */
  readonly diagnosticCode: string | null;
  /** The Diagnostic-Code type: smtp, x-postfix, x-unix, … */
  readonly diagnosticType: string | null;
  readonly remoteMta: string | null;
  readonly lastAttemptDate: string | null;
  /** Every field of the block, vendor extensions included (X-Actual-Recipient, X-Supplementary-Info, …). */
  readonly fields: Fields;
}

export interface DeliveryStatus {
  /** Per-message fields: Reporting-MTA, Arrival-Date, Received-From-MTA, … */
  readonly message: Fields;
  readonly recipients: DsnRecipient[];
  /** Blocks past MAX_REPORT_RECIPIENTS were dropped. */
  readonly truncated: boolean;
}

export interface FeedbackReport {
  readonly feedbackType: string | null;
  readonly userAgent: string | null;
  readonly version: string | null;
  readonly originalMailFrom: string | null;
  readonly originalRcptTo: string[];
  readonly removalRecipient: string[];
  readonly arrivalDate: string | null;
  readonly sourceIp: string | null;
  readonly reportedDomain: string | null;
  readonly fields: Fields;
}

const MAX_FIELD_CHARS = 4000;
/**
 * The most recipients one report is read for (a DSN, or an ARF report's Original-Rcpt-To list);
 * the blocks past it are dropped and the parser says so in the report's warnings.
 */
export const MAX_REPORT_RECIPIENTS = 1000;

type RawField = [name: string, value: string];

/**
 * "Name: value" lines with continuation lines; anything else ends the current field. Some servers
 * indent every field: a line indented no deeper than the field before it that reads as a field is
 * the next field, only a deeper one continues it.
 */
export function readFieldLines(text: string): Array<RawField | null> {
  const out: Array<RawField | null> = [];
  let current: RawField | null = null;
  let indent = 0;
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      current = null;
      out.push(null); // group separator
      continue;
    }
    const depth = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    const m = /^[ \t]*([A-Za-z][A-Za-z0-9-]{0,60})[ \t]*:[ \t]*(.*)$/.exec(line);
    if (current && depth > 0 && (depth > indent || !m)) {
      if (current[1].length < MAX_FIELD_CHARS) current[1] = `${current[1]} ${line.trim()}`;
      continue;
    }
    if (m) {
      current = [m[1].toLowerCase(), m[2].trim()];
      indent = depth;
      out.push(current);
    } else {
      current = null;
    }
  }
  return out;
}

const RECIPIENT_FIELDS = new Set([
  'final-recipient',
  'original-recipient',
  'action',
  'status',
  'diagnostic-code',
  'remote-mta',
  'last-attempt-date',
  'will-retry-until',
  'x-actual-recipient',
  'final-log-id',
]);

/** The fields that name the recipient: a block holds one of each, a repeated one starts the next block. */
const RECIPIENT_NAMES = new Set(['final-recipient', 'original-recipient', 'x-actual-recipient']);

/** Splits "rfc822; user@example.com" into its type and value. */
export function typedValue(value: string | undefined): { type: string | null; value: string } | null {
  if (value === undefined) return null;
  const m = /^\s*([A-Za-z0-9._-]{1,40})\s*;\s*([\s\S]*)$/.exec(value);
  if (m) return { type: m[1].toLowerCase(), value: m[2].trim() };
  return { type: null, value: value.trim() };
}

/** Parses a message/delivery-status body. Returns null when it holds no recipient. */
export function parseDeliveryStatus(text: string): DeliveryStatus | null {
  const message: Record<string, string> = {};
  const blocks: Array<Record<string, string>> = [];
  let block: Record<string, string> | null = null;
  let sawRecipientField = false;
  let truncated = false;
  for (const field of readFieldLines(text)) {
    if (field === null) {
      block = null;
      continue;
    }
    const [name, value] = field;
    const isRecipientField = RECIPIENT_FIELDS.has(name);
    if (!isRecipientField && !sawRecipientField) {
      if (!(name in message)) message[name] = value;
      continue;
    }
    sawRecipientField = sawRecipientField || isRecipientField;
    // a second recipient in the same group (no blank line between blocks) starts a new block: at
    // a field that names the recipient again, or at a repeated Action or Status (the fields every
    // block has, RFC 3464 §2.3) in a block that wrote them before its recipient. Where the
    // recipient came first, a repeated Action or Status is the same block saying it twice: the
    // fields after it (its Diagnostic-Code) still belong to it
    const repeated =
      block !== null &&
      name in block &&
      (RECIPIENT_NAMES.has(name) || ((name === 'action' || name === 'status') && startsBlock(block, name)));
    if (!block || repeated) {
      if (blocks.length >= MAX_REPORT_RECIPIENTS) {
        truncated = true;
        break;
      }
      block = {};
      blocks.push(block);
    }
    if (!(name in block)) block[name] = value;
  }
  const recipients = distinct(blocks.filter(namesRecipient).map(toRecipient));
  if (recipients.length === 0) return null;
  return { message, recipients, truncated };
}

/** Two delivery-status parts of one report as one: the first part's per-message fields, every recipient once. */
export function joinDeliveryStatus(
  a: DeliveryStatus | null,
  b: DeliveryStatus | null,
): DeliveryStatus | null {
  if (!a || !b) return a ?? b;
  const recipients = distinct([...a.recipients, ...b.recipients]);
  return {
    message: a.message,
    recipients: recipients.slice(0, MAX_REPORT_RECIPIENTS),
    truncated: a.truncated || b.truncated || recipients.length > MAX_REPORT_RECIPIENTS,
  };
}

function namesRecipient(block: Record<string, string>): boolean {
  return Object.keys(block).some((n) => RECIPIENT_NAMES.has(n));
}

/**
 * Whether `field` (Action or Status), already in the block, opens the block: the block names a
 * recipient, and wrote `field` before it. Fields keep their insertion order.
 */
function startsBlock(block: Record<string, string>, field: string): boolean {
  const names = Object.keys(block);
  const recipientAt = names.findIndex((n) => RECIPIENT_NAMES.has(n));
  return recipientAt >= 0 && names.indexOf(field) < recipientAt;
}

/** How much an Action says happened: a failure outranks a delay, which outranks a success. */
function actionWeight(action: string | null): number {
  if (action === 'failed') return 3;
  if (action === 'delayed') return 2;
  if (action !== null && /^(?:delivered|relayed|expanded)$/.test(action)) return 1;
  return 0;
}

/**
 * One entry per recipient, keyed on the final and the original recipient together (two originals
 * expanded to one final address are two recipients of ours). A report that names one twice (a
 * retry, a duplicate RCPT, a second delivery-status part) is read by its block with the strongest
 * Action ("delayed" then "failed" is a failure), then by one that has a Diagnostic-Code; the
 * entry keeps the place of its first block.
 */
function distinct(recipients: DsnRecipient[]): DsnRecipient[] {
  const out: DsnRecipient[] = [];
  const at = new Map<string, number>();
  for (const r of recipients) {
    const final = r.finalRecipient ?? r.actualRecipient;
    if (final === null && r.originalRecipient === null) {
      out.push(r);
      continue;
    }
    const key = `${final ?? ''}\n${r.originalRecipient ?? ''}`.toLowerCase();
    const i = at.get(key);
    if (i === undefined) {
      at.set(key, out.length);
      out.push(r);
    } else if (outranks(r, out[i])) {
      out[i] = r;
    }
  }
  return out;
}

function outranks(a: DsnRecipient, b: DsnRecipient): boolean {
  const byAction = actionWeight(a.action) - actionWeight(b.action);
  if (byAction !== 0) return byAction > 0;
  return a.diagnosticCode !== null && b.diagnosticCode === null;
}

function toRecipient(f: Record<string, string>): DsnRecipient {
  const diag = typedValue(f['diagnostic-code']);
  return {
    finalRecipient: recipientAddress(f['final-recipient']),
    originalRecipient: recipientAddress(f['original-recipient']),
    actualRecipient: recipientAddress(f['x-actual-recipient']),
    action: f.action
      ? f.action
          .trim()
          .toLowerCase()
          .split(/[\s(;]/)[0]
      : null,
    status: f.status ? f.status.trim() : null,
    diagnosticCode: diag && diag.value !== '' ? diag.value : null,
    diagnosticType: diag?.type ?? null,
    remoteMta: typedValue(f['remote-mta'])?.value || null,
    lastAttemptDate: f['last-attempt-date'] ?? null,
    fields: f,
  };
}

/** Parses a message/feedback-report body (RFC 5965). */
export function parseFeedbackReport(text: string): FeedbackReport | null {
  const fields: Record<string, string> = {};
  const rcptTo: string[] = [];
  const removal: string[] = [];
  for (const field of readFieldLines(text)) {
    if (field === null) continue;
    const [name, value] = field;
    if (name === 'original-rcpt-to' && rcptTo.length < MAX_REPORT_RECIPIENTS) {
      const a = addressOf(value);
      if (a) rcptTo.push(a);
    }
    if (name === 'removal-recipient' && removal.length < MAX_REPORT_RECIPIENTS) {
      const a = addressOf(value);
      if (a) removal.push(a);
    }
    if (!(name in fields)) fields[name] = value;
  }
  if (fields['feedback-type'] === undefined && rcptTo.length === 0 && fields['user-agent'] === undefined) {
    return null;
  }
  return {
    feedbackType: fields['feedback-type']?.trim().toLowerCase() || null,
    userAgent: fields['user-agent'] ?? null,
    version: fields.version ?? null,
    originalMailFrom: addressOf(fields['original-mail-from']),
    originalRcptTo: rcptTo,
    removalRecipient: removal,
    arrivalDate: fields['arrival-date'] ?? fields['received-date'] ?? null,
    sourceIp: fields['source-ip'] ?? null,
    reportedDomain: fields['reported-domain'] ?? null,
    fields,
  };
}

/**
 * An address as an address-valued field writes it. Local part and domain may be internationalised
 * (RFC 6531, RFC 6533's utf-8 type): letters and digits of any script count, so "jörg@example.net"
 * is not read as "rg@example.net"; punctuation of any script ends the address.
 */
const ADDRESS = /[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~.-]{1,128}@[\p{L}\p{N}][\p{L}\p{M}\p{N}.-]{0,252}/u;

/**
 * The address of a recipient field ("rfc822; <a@b>", "utf-8; jörg@bücher.example"). RFC 6533 §3
 * writes a utf-8 address that must stay 7-bit with \x{HEX} escapes (utf-8-addr-xtext).
 */
export function recipientAddress(value: string | undefined): string | null {
  const typed = typedValue(value);
  if (!typed) return null;
  const v =
    typed.type === 'utf-8'
      ? typed.value.replace(/\\x\{([0-9A-Fa-f]{1,6})\}/g, (whole, hex: string) => {
          const code = parseInt(hex, 16);
          return code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
        })
      : typed.value;
  return addressOf(v);
}

/** The first email address in an address-valued field ("rfc822; <a@b>", "Name <a@b>", "a@b"), lower-cased domain; null if none. */
export function addressOf(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.replace(/^\s*rfc822\s*;/i, '');
  const bracket = /<([^<>\s]+@[^<>\s]+)>/.exec(v);
  const m = bracket ? ADDRESS.exec(bracket[1]) : ADDRESS.exec(v);
  if (!m) return null;
  return normalizeAddress(m[0]);
}

/** Trims the punctuation that sticks to an address in prose and lower-cases the domain. */
export function normalizeAddress(address: string): string | null {
  const a = address.replace(/^[.'`]+/, '').replace(/[.'`-]+$/, '');
  const at = a.lastIndexOf('@');
  if (at <= 0 || at === a.length - 1) return null;
  const domain = a.slice(at + 1).toLowerCase();
  if (!domain.includes('.') && domain !== 'localhost') return null;
  return `${a.slice(0, at)}@${domain}`;
}
