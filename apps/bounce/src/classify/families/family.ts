import type { Stage } from '../patterns/reply-codes';
import type { Report } from '../parse-report';
import type { Reason } from '../reasons';

/**
 * A recogniser for one server family's bounce layout: whether a report is in it, the failed
 * recipients as that layout lists them (for the many bounces that are not RFC 3464), and what
 * the layout says about a reply that generic reading cannot know (the SMTP command it answered,
 * a provider's own convention). Pure functions over the parsed report.
 */
export interface Family {
  readonly name: string;
  matches(report: Report): boolean;
  /** The failed recipients in this family's own layout, in order; [] when it lists none. */
  recipients?(report: Report): FamilyRecipient[];
  /** What this family's layout adds to one recipient's reading; null when nothing. */
  refine?(report: Report, recipient: Reading): Refinement | null;
  /**
   * The human-readable text as evidence, without the lines the reporting MTA derived from a
   * reply it quotes (its own paraphrase of the reply code says nothing the reply does not); the
   * whole text is read last, when nothing closer to a recipient names a cause.
   */
  explanation?(report: Report): string;
}

export interface FamilyRecipient {
  readonly address: string;
  /** The text the layout gives for this recipient (the remote reply, the MTA's own verdict). */
  readonly diagnostic: string;
  readonly stage?: Stage;
}

export interface Reading {
  readonly address: string;
  readonly diagnostic: string;
  readonly stage: Stage;
}

export interface Refinement {
  readonly stage?: Stage;
  /** A verdict the layout states outright (a list manager's refusal, a carrier's convention). */
  readonly reason?: Reason;
}

// a domain may be dotless ("localhost"): the layouts anchor the address on a line of its own
const ADDRESS = String.raw`[^\s<>@"():,;]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?`;

/**
 * Splits `text` into recipient blocks: a line that `head` matches starts one (its first group
 * is the address); the block runs to the next such line or to a line `end` matches.
 */
export function blocksBy(text: string, head: RegExp, end?: RegExp): FamilyRecipient[] {
  const out: Array<{ address: string; lines: string[] }> = [];
  for (const line of text.split('\n')) {
    const m = head.exec(line);
    if (m) {
      out.push({ address: m[1].toLowerCase(), lines: [line.slice(m.index + m[0].length).trim()] });
      continue;
    }
    const last = out[out.length - 1];
    if (!last) continue;
    if (end?.test(line)) break;
    last.lines.push(line.trim());
  }
  return out
    .filter((b) => b.address.includes('@'))
    .map((b) => ({ address: b.address, diagnostic: b.lines.filter(Boolean).join('\n') }));
}

/** The text after the first line `marker` matches (or '' when none does). */
export function after(text: string, marker: RegExp): string {
  const m = marker.exec(text);
  return m ? text.slice(m.index + m[0].length) : '';
}

export function addressPattern(): string {
  return ADDRESS;
}

/**
 * The command a session transcript (">>> RCPT TO:<…>", "<<< 550 …") shows the failure answered;
 * Courier writes ">>> (initial greeting)" for a refusal in the banner.
 */
export function transcriptStage(text: string): Stage {
  const sent = [...text.matchAll(/^\s*>>>\s*(RCPT|MAIL|DATA|EHLO|HELO|\(initial greeting\)|\.)/gim)]
    .pop()?.[1]
    ?.toUpperCase();
  if (sent === '(INITIAL GREETING)') return 'connect';
  if (sent === 'RCPT') return 'rcpt';
  if (sent === 'MAIL') return 'mail';
  if (sent === 'DATA' || sent === '.') return 'data';
  if (sent === 'EHLO' || sent === 'HELO') return 'connect';
  return null;
}

/** A server's own fixed texts, each with the reason it states: the first that matches decides. */
export type Verdicts = ReadonlyArray<readonly [RegExp, Reason]>;

/** The reason of the first text of `table` that `text` holds, or null. */
export function verdictIn(table: Verdicts, text: string): Reason | null {
  return table.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/** The stage an SMTP command name answers (RCPT, MAIL, DATA; EHLO, HELO or CONN: the greeting). */
export function stageOfCommand(command: string | undefined): Stage {
  const cmd = command?.toUpperCase();
  if (cmd === 'RCPT') return 'rcpt';
  if (cmd === 'MAIL') return 'mail';
  if (cmd === 'DATA') return 'data';
  return cmd === 'EHLO' || cmd === 'HELO' || cmd === 'CONN' ? 'connect' : null;
}

/** Whether any header of the report itself matches (the returned original's headers are not read). */
export function headerMatches(report: Report, name: string, value: RegExp): boolean {
  return report.headers.some(([n, v]) => n === name && value.test(v));
}

/** The human-readable text and every RFC 3464 recipient and diagnostic, for telling a family apart. */
export function reportWords(report: Report): string {
  const dsn = (report.deliveryStatus?.recipients ?? []).flatMap((r) => [
    r.finalRecipient ?? '',
    r.diagnosticCode ?? '',
    r.fields['remote-mta'] ?? '',
  ]);
  return [report.text.slice(0, 8000), ...dsn].join('\n');
}
