import type { Reason } from './reasons';
import { reasonOfStatus } from './patterns/status-codes';
import { REASON_PRIORITY, WORDING, type WordingRule } from './patterns/wording';
import { classOf } from './smtp-codes';

/**
 * Deciding one recipient's reason from what the report says about it: the server's words first,
 * then its codes, then the rest of the report; the SMTP stage the reply answered can change what
 * the words mean ("user unknown" after DATA is a filter speaking).
 */

/** The SMTP command a reply answered, when the report says. */
export type Stage = 'connect' | 'mail' | 'rcpt' | 'data' | null;

export interface Evidence {
  /** What the server said about this recipient: the Diagnostic-Code, or its block of text. */
  readonly diag: string;
  /** Other text about this recipient (lines of the human-readable part that name it), consulted after the codes. */
  readonly context?: string;
  readonly status: string | null;
  readonly reply: string | null;
  readonly stage: Stage;
  readonly action: string | null;
  readonly senderDomains?: readonly string[];
  /** What the whole human-readable text says, consulted last (computed once per report). */
  readonly textReason?: () => Reason | null;
  /** A reason the report states in its own vocabulary (SES bounce sub-type). */
  readonly typeHint?: Reason | null;
}

/** Reasons that are about the sending side; a refusal at MAIL FROM keeps them. */
const SENDER_SIDE: ReadonlySet<Reason> = new Set([
  'blocked',
  'requireptr',
  'authfailure',
  'ratelimited',
  'spamdetected',
  'policyviolation',
  'securityerror',
  'failedstarttls',
  'norelaying',
  'systemerror',
  'networkerror',
  'rejected',
]);

/**
 * One recipient's reason. In order: a reporting system's own directory verdict; the server's
 * wording; a refused sender domain; the enhanced status code; what the report says in its own
 * vocabulary; other lines about the recipient; the SMTP stage; the whole text. The stage then
 * corrects what the wording meant, and what is left falls back to expired (delayed), filtered
 * (after DATA), onhold (nothing to go on) or undefined.
 */
export function reasonFor(e: Evidence): Reason {
  const flat = oneLine(e.diag);
  const definitive = definitiveReason(flat);
  if (definitive) return definitive;
  // what the server said, then what its codes say, then what else the report says about it
  let reason = wordingReason(flat);
  if (!reason && e.senderDomains && mentionsMissingSender(flat, e.senderDomains)) reason = 'rejected';
  reason ??= reasonOfStatus(e.status);
  reason ??= e.typeHint ?? null;
  if (!reason && e.context) reason = wordingReason(oneLine(e.context));
  if (!reason && e.stage === 'mail') reason = 'rejected';
  if (!reason && e.stage === 'connect') reason = 'blocked';
  if (!reason && e.textReason) reason = e.textReason();
  if (reason) return adjustForStage(reason, e);
  if (e.action === 'delayed') return 'expired';
  if (e.stage === 'data') return 'filtered';
  // nothing to go on at all (no code, no words we know): not enough to decide
  return e.status === null && e.reply === null ? 'onhold' : 'undefined';
}

/** What the SMTP stage and the code class say about a reason read from the wording. */
function adjustForStage(reason: Reason, e: Evidence): Reason {
  // a refusal of MAIL FROM is about the sender, whatever word it used
  if (e.stage === 'mail' && !SENDER_SIDE.has(reason)) return 'rejected';
  // "user unknown" is only a verdict on the address when it answers RCPT TO or comes with a code
  // that says so; after DATA (or at a stage nobody reported) it is a recipient filter's excuse
  if (reason === 'userunknown' && e.stage !== 'rcpt' && reasonOfStatus(e.status) !== 'userunknown') {
    return 'filtered';
  }
  // a domain that "does not exist" with a temporary code is a lookup that failed, not a verdict
  if (reason === 'hostunknown' && (classOf(e.status) === '4' || classOf(e.reply) === '4'))
    return 'networkerror';
  return reason;
}

/** The highest-priority reason whose wording appears in `text`, or null. */
export function wordingReason(text: string): Reason | null {
  return bestMatch(SPECIFIC_RULES, text) ?? bestMatch(GENERAL_RULES, text);
}

/** A reporting system's own directory verdict ("The recipient name is not recognized"), if any. */
function definitiveReason(text: string): Reason | null {
  return bestMatch(DEFINITIVE_RULES, text);
}

const DEFINITIVE_RULES = WORDING.filter((r) => r.definitive);
const SPECIFIC_RULES = WORDING.filter((r) => r.specific);
const GENERAL_RULES = WORDING.filter((r) => !r.specific);

function bestMatch(rules: readonly WordingRule[], text: string): Reason | null {
  let best: Reason | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const rule of rules) {
    const rank = REASON_PRIORITY.indexOf(rule.reason);
    if (rank >= bestRank) continue;
    if (rule.pattern.test(text)) {
      best = rule.reason;
      bestRank = rank;
    }
  }
  return best;
}

function mentionsMissingSender(text: string, domains: readonly string[]): boolean {
  for (const d of domains) {
    const i = text.toLowerCase().indexOf(d);
    if (i < 0) continue;
    const after = text.slice(i + d.length, i + d.length + 40);
    if (
      /^\S*\s+(?:does not exist|doesn'?t exist|not found|is unknown|unknown|is invalid|invalid)\b/i.test(
        after,
      )
    )
      return true;
  }
  return false;
}

/** Which SMTP command the server was answering, as the reporting MTA wrote it. */
export function stageOf(text: string): Stage {
  const t = oneLine(text);
  for (const [stage, pattern] of STAGE_MARKERS) if (pattern.test(t)) return stage;
  return null;
}

/** How reporting MTAs name the command a reply answered; the first that matches wins. */
const STAGE_MARKERS: ReadonlyArray<readonly [Exclude<Stage, null>, RegExp]> = [
  [
    'data',
    /(?:in reply to|after) (?:the )?(?:end of )?data\b|for (?:end of )?data command|>>> data\b|our (?:final )?data\b|\(data\)|for text command|smtp command -* ?data\b|failed after i sent the message/i,
  ],
  [
    'rcpt',
    /(?:in reply to|after|for) (?:the )?rcpt(?: to)?(?: command)?\b|>>> rcpt to|rcpt_to\]|our rcpt to|smtp:rcpt|does not like recipient|recipient address rejected|rcpt to not accepted/i,
  ],
  [
    'mail',
    /(?:in reply to|after|for) (?:the )?mail (?:from|command)\b|>>> mail from|mail_from\]|our mail from/i,
  ],
  [
    'connect',
    /after initial connection|in reply to (?:ehlo|helo)|after (?:ehlo|helo)|>>> (?:ehlo|helo)|while receiving the initial server greeting|during (?:the )?(?:initial )?connection|refused to talk to me/i,
  ],
];

/**
 * One line for matching: whitespace collapsed and the reply codes that prefix each line of a
 * multi-line reply ("550-5.7.1 … 550 5.7.1 …") removed after the first, so wording that spans
 * lines reads as it was meant.
 */
export function oneLine(text: string): string {
  let first = true;
  return text
    .replace(/\s+/g, ' ')
    .replace(/(?<![\w.])[245]\d\d(?:-|[ -][245]\.\d{1,3}\.\d{1,3}(?![\d.]))\s?/g, (code) => {
      if (first) {
        first = false;
        return code;
      }
      return '';
    });
}
