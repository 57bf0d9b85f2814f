import { normalizeAddress } from './report-fields';

/**
 * Finding the failed recipients in the human-readable part of a bounce, for the many servers
 * that send no RFC 3464 report (qmail, Exim, Exchange 2003, Gmail, Yahoo, …) and to find the
 * explanation a server wrote next to each recipient of one that does.
 *
 * A recipient line is a line that starts with the address (after a bullet, a quote or a label
 * such as "Recipient:" or "RCPT TO:"), or that ends with one after a label ("Unknown user:
 * a@b"). The explanation of a recipient is the text from its line to the next recipient line.
 */

export interface TextRecipient {
  readonly address: string;
  /** The text that belongs to this recipient, joined into lines. */
  readonly block: string;
}

const ADDR = String.raw`[A-Za-z0-9!#$%&'*+/=?^_\`{|}~.-]{1,128}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+`;

/** The address at the start of a line, after a bullet or a label. */
const LEADING = new RegExp(
  String.raw`^\s*(?:[*•>\-]+\s*|\d{1,2}[.)]\s+|[245]\d\d[ -](?:[245]\.\d{1,3}\.\d{1,3} )?)?` +
    String.raw`(?:(?:final-|original-)?recipient(?:\(s\))?(?: address(?:es)?)?\s*:\s*|rcpt to\s*:?\s*|address(?:ee)?\s*:\s*|e-?mail(?: address)?\s*:\s*|to the following (?:address|recipient)s?\s*:?\s*)?` +
    String.raw`["'<(]?(${ADDR})[>"')]?(?=$|[\s:;,.<]|$)(.*)$`,
  'i',
);

/** An address at the end of a line, after a label: "Unknown user: a@b", "Could not be delivered to: <a@b>". */
const TRAILING = new RegExp(String.raw`^\s*([^:]{3,80}?)\s*:\s*["'<]?(${ADDR})[>"']?\s*\.?\s*$`, 'i');

/** "… recipients returned permanent errors: a@b. Reason: …" */
const INLINE_LIST = new RegExp(
  String.raw`\b(?:recipients?|address(?:es)?)(?:\(s\))?[^:]{0,50}:\s*["'<]?(${ADDR})[>"']?[.,;]?\s+(.*)$`,
  'i',
);

/** "There was an error delivering your mail to <a@b>.", "Unable to deliver message to <a@b>" */
const DELIVERING_TO = new RegExp(
  String.raw`\b(?:deliver(?:ing|y)?|send(?:ing)?|transmit(?:ting)?)\b[^<>@\n]{0,40}?\bto:?\s*<(${ADDR})>(.*)$`,
  'i',
);

/** Labels after which an address is a sender, a header or a courtesy, never a failed recipient. */
const NOT_RECIPIENT_LABEL =
  /^(?:from|to|cc|bcc|sender|reply-to|return-path|envelope-from|envelope-to|x-[\w-]+|message-id|in-reply-to|references|mail from|original sender|sent by|subject|date|delivered-to|for|by|please contact|contact|send mail to|write to|postmaster|hello|hi|dear|a message sent by)$/i;

const MAX_BLOCK_LINES = 40;
const MAX_RECIPIENTS = 1000;

interface LineMatch {
  readonly address: string;
  readonly rest: string;
  /** A transcript summary ("550 <a@b>... User unknown"): the dialogue above it is its explanation. */
  readonly summary?: boolean;
}

function matchLine(raw: string): LineMatch | null {
  const line = raw.replace(/^(?:>[ \t])+/, ''); // a forwarded bounce quotes its lines
  const lead = LEADING.exec(line);
  if (lead) {
    const before = line.slice(0, line.indexOf(lead[1]));
    if (!/\b(?:from|sender|by)\b/i.test(before)) {
      const summary = /^\s*[245]\d\d[ -]/.test(line);
      return { address: lead[1], rest: summary ? line.trim() : (lead[2] ?? ''), summary };
    }
  }
  const trail = TRAILING.exec(line);
  // "Unknown user: a@b": the label is the explanation
  if (trail && !NOT_RECIPIENT_LABEL.test(trail[1].trim())) return { address: trail[2], rest: line.trim() };
  const inline = INLINE_LIST.exec(line);
  if (inline) return { address: inline[1], rest: inline[2] };
  const delivering = DELIVERING_TO.exec(line);
  if (delivering) return { address: delivering[1], rest: delivering[2] };
  return null;
}

/**
 * The recipients named in `text`, in order, each with its block of explanation. Addresses in
 * `exclude` (the bounce's own sender and addressee, the original's sender) are never recipients.
 */
export function recipientsInText(text: string, exclude: ReadonlySet<string>): TextRecipient[] {
  const lines = text.split('\n');
  const found: Array<{ address: string; line: number; rest: string; summary: boolean }> = [];
  for (let i = 0; i < lines.length && found.length < MAX_RECIPIENTS * 4; i += 1) {
    const line = lines[i];
    if (line.length > 2000 || !line.includes('@')) continue;
    const m = matchLine(line);
    if (!m) continue;
    const address = normalizeAddress(m.address);
    if (!address || isExcluded(address, exclude)) continue;
    found.push({ address, line: i, rest: m.rest, summary: m.summary ?? false });
  }
  const out = new Map<string, string[]>();
  found.forEach((f, k) => {
    let block: string[];
    if (f.summary) {
      // sendmail: "<<< 550 …" dialogue lines come before the summary line they explain
      let start = f.line;
      const floor = k > 0 ? found[k - 1].line + 1 : 0;
      while (start > floor && f.line - start < 10 && /^\s*(?:>\s?)*(?:<<<|>>>)/.test(lines[start - 1]))
        start -= 1;
      block = [...lines.slice(start, f.line), f.rest.trim()];
    } else {
      const end = Math.min(k + 1 < found.length ? found[k + 1].line : lines.length, f.line + MAX_BLOCK_LINES);
      block = [f.rest.trim(), ...lines.slice(f.line + 1, end)];
    }
    block = block.filter((l) => l.trim() !== '');
    const key = f.address.toLowerCase();
    const existing = out.get(key);
    if (existing) existing.push(...block);
    else if (out.size < MAX_RECIPIENTS) out.set(key, block);
  });
  const addresses = new Map(found.map((f) => [f.address.toLowerCase(), f.address]));
  return [...out.entries()].map(([key, block]) => ({
    address: addresses.get(key) ?? key,
    block: block.join('\n'),
  }));
}

const ANY_ADDRESS = new RegExp(ADDR, 'g');

function mentionsOtherAddress(line: string, needle: string): boolean {
  if (!line.includes('@') || line.length > 2000) return false;
  ANY_ADDRESS.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ANY_ADDRESS.exec(line)) !== null) if (m[0].toLowerCase() !== needle) return true;
  return false;
}

const DAEMON =
  /^(?:mailer-daemon|mail-daemon|maildaemon|mailerdaemon|postmaster|post_master|daemon|double-bounce)$/i;

function isExcluded(address: string, exclude: ReadonlySet<string>): boolean {
  if (exclude.has(address.toLowerCase())) return true;
  return DAEMON.test(address.slice(0, address.lastIndexOf('@')));
}

/** Every address in a header value ("A <a@b>, c@d"), normalised. */
export function addressesIn(value: string | null | undefined): string[] {
  if (!value) return [];
  const out: string[] = [];
  const re = new RegExp(ADDR, 'g');
  const bounded = value.length > 20_000 ? value.slice(0, 20_000) : value; // a header is no place for a novel
  let m: RegExpExecArray | null;
  while ((m = re.exec(bounded)) !== null && out.length < 100) {
    const a = normalizeAddress(m[0]);
    if (a && !out.includes(a)) out.push(a);
  }
  return out;
}

/** The human-readable text split into lines, with where each address is mentioned (built once per report). */
export interface TextLines {
  readonly lines: readonly string[];
  /** Lower-cased address → the lines that mention it, in order. */
  readonly mentions: ReadonlyMap<string, readonly number[]>;
  /** linesAbout results, by address. */
  readonly about: Map<string, string>;
}

export function indexLines(text: string): TextLines {
  const lines = text.split('\n');
  const mentions = new Map<string, number[]>();
  const re = new RegExp(ADDR, 'g');
  lines.forEach((line, i) => {
    if (!line.includes('@') || line.length > 2000) return;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line)) !== null) {
      const key = normalizeAddress(m[0])?.toLowerCase();
      if (!key) continue;
      const at = mentions.get(key);
      if (!at) {
        if (mentions.size < MAX_RECIPIENTS * 4) mentions.set(key, [i]);
      } else if (at[at.length - 1] !== i && at.length < 50) at.push(i);
    }
  });
  return { lines, mentions, about: new Map() };
}

/**
 * The lines that mention `address`, each with the lines that follow it up to a blank line, and
 * with the SMTP command of a session transcript (">>> DATA") that it answered.
 */
export function linesAbout(text: TextLines, address: string, maxLines = 12): string {
  const needle = address.toLowerCase();
  const cached = text.about.get(needle);
  if (cached !== undefined) return cached;
  const { lines } = text;
  const out: string[] = [];
  for (const i of text.mentions.get(needle) ?? []) {
    if (out.length >= maxLines * 4) break;
    if (i > 0 && /^\s*>>>/.test(lines[i - 1]) && !out.includes(lines[i - 1])) out.push(lines[i - 1]);
    for (let j = i; j < Math.min(lines.length, i + maxLines) && lines[j].trim() !== ''; j += 1) {
      // stop where the text turns to another recipient
      if (j > i && mentionsOtherAddress(lines[j], needle)) break;
      if (!out.includes(lines[j])) out.push(lines[j]);
    }
  }
  const about = out.join('\n');
  if (text.about.size < 2000) text.about.set(needle, about);
  return about;
}
