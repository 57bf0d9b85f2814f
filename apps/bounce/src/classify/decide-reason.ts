import { ABLATION } from './ablation';
import type { Reason } from './reasons';
import { providerVerdict } from './patterns/provider-replies';
import { reasonOfReply, type Stage } from './patterns/reply-codes';
import { statusEntry } from './patterns/status-codes';
import { REASON_PRIORITY, WORDING, type WordingRule } from './patterns/wording';
import { classOf, enhancedStatusIn } from './smtp-codes';

/**
 * Deciding one recipient's reason from what the report says about it, by evidence in order of
 * trust (a server family's own verdict, from families/, comes before all of this in classify.ts):
 * a reporting system's directory verdict (Exchange, Domino); the answering provider's own code,
 * or a phrase it documents with the reply's status code (patterns/providers/); a decisive
 * enhanced status code; the server's wording; a status code that names a cause; the report's
 * structured hints (an x-unix mailer); the SMTP reply code with the command it answered; and last
 * the rest of the report. The stage the reply answered changes what words mean ("user unknown"
 * after DATA is a filter speaking), and a report that gave up on a temporary failure is an
 * expiry, whatever the last attempt met. What nothing decides is on hold (something was said)
 * or undefined (nothing was).
 */

export type { Stage } from './patterns/reply-codes';

export interface Evidence {
  /** What the server said about this recipient: the Diagnostic-Code, or its block of text. */
  readonly diag: string;
  /** Other text about this recipient (lines of the human-readable part that name it), consulted after the codes. */
  readonly context?: string;
  readonly status: string | null;
  readonly reply: string | null;
  readonly stage: Stage;
  /** The DSN Action field (failed, delayed, …), when there is one. */
  readonly action: string | null;
  readonly senderDomains?: readonly string[];
  /** What the whole human-readable text says, consulted last (computed once per report). */
  readonly textReason?: () => Reason | null;
  /** A reason the report states in its own vocabulary (SES bounce sub-type, an x-unix mailer). */
  readonly typeHint?: Reason | null;
  /**
   * Hosts that tell whose server answered, most telling first: the recipient's domain, the
   * Remote-MTA, and the Reporting-MTA only where no other server is said to have answered
   * (patterns/provider-replies.ts reads the provider's own codes).
   */
  readonly hosts?: readonly string[];
}

/**
 * Reasons that are about the sending side, the message as the envelope announces it, or the
 * receiving system as a whole; a refusal at MAIL FROM keeps them (a too large SIZE= is refused
 * there: RFC 1870 §6.1).
 */
const SENDER_SIDE: ReadonlySet<Reason> = new Set([
  'emailtoolarge',
  // a full disk refuses the transaction at MAIL FROM (RFC 5321 452, RFC 1870 §6.1)
  'systemfull',
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

/** One recipient's reason (see the file comment for the order of the evidence). */
export function reasonFor(e: Evidence): Reason {
  const flat = oneLine(e.diag);
  const definitive = bestMatch(DEFINITIVE_RULES, flat);
  if (definitive) return definitive;
  const code = statusEntry(e.status);
  // a provider's own code is its documented verdict, more exact than the RFC 3463 code it comes
  // with (Cox and Spectrum write 5.1.0 "sender rejected" for every cause), and so is a phrase it
  // documents with the reply's status code (Microsoft's 5.2.122 receive limit); its other phrases
  // give way to a decisive code (x.2.2 is a full mailbox whatever the words), and neither outranks
  // the reporting MTA's own "delivery time expired" (x.4.7): it gave up, whatever the last attempt
  // met. The stage and the code class still say what the verdict means (a 4xx "no such domain"
  // is a lookup that failed).
  const byProvider = /^[45]\.4\.7$/.test(e.status ?? '')
    ? null
    : providerVerdict(flat, e.hosts ?? [], e.status);
  if (byProvider && (byProvider.byCode || !code?.decisive)) {
    return settle(providerAdjusted(byProvider.reason, e), e);
  }
  const specific = code?.decisive ? bestMatch(SPECIFIC_RULES, flat) : null;
  if (specific) return settle(adjustForStage(specific, e), e);
  const reason = code?.decisive ? code.reason : (rawReason(e, flat, code?.reason ?? null) ?? null);
  return settle(reason, e);
}

function rawReason(e: Evidence, flat: string, codeReason: Reason | null): Reason | null {
  const words = wordingReason(flat);
  if (words) return adjustForStage(words, e);
  if (e.senderDomains && mentionsMissingSender(flat, e.senderDomains)) return 'rejected';
  if (codeReason) return codeReason;
  if (e.typeHint) return e.typeHint;
  // the reply code speaks only where the status code does not name another subject (x.7 policy, …)
  const byReply = /^[245]\.[01]\./.test(e.status ?? 'x.0.') ? reasonOfReply(e.reply, e.stage) : null;
  if (byReply) return byReply;
  const context = e.context ? wordingReason(oneLine(e.context)) : null;
  if (context) return adjustForStage(context, e);
  if (e.stage === 'mail') return 'rejected';
  if (e.stage === 'connect') return 'blocked';
  const whole = e.textReason?.() ?? null;
  return whole ? adjustForStage(whole, e) : null;
}

/**
 * What the stage and the code class say about a provider's verdict. The provider documents its
 * "no such user" as a verdict on the address, whatever code it writes with it (Yandex's 5.7.1) and
 * when nobody reported the stage; only answering DATA (a filter) or MAIL FROM (the sender) is it
 * something else. The rest is read as wording is (a 4xx "no such domain" is a failed lookup).
 */
function providerAdjusted(reason: Reason, e: Evidence): Reason {
  if (reason === 'userunknown' && e.stage !== 'data' && e.stage !== 'mail') return reason;
  return adjustForStage(reason, e);
}

/** What is left when the evidence named a transient cause or none, and the report gave up. */
function settle(reason: Reason | null, e: Evidence): Reason {
  // a delay notice that names no cause reports that time is running out
  if (e.action === 'delayed' && reason === null) return 'expired';
  if (reason) return reason;
  if (e.stage === 'data') return 'filtered';
  // the server (or the report, about this recipient) said something no rule knows: not enough to
  // decide, so on hold; a report that says nothing about the recipient leaves it undefined
  return `${e.diag}${e.context ?? ''}`.trim() !== '' ? 'onhold' : 'undefined';
}

/** What the SMTP stage and the code class say about a reason read from the wording. */
function adjustForStage(reason: Reason, e: Evidence): Reason {
  // a refusal of MAIL FROM is about the sender, whatever word it used
  if (e.stage === 'mail' && !SENDER_SIDE.has(reason)) return 'rejected';
  // "user unknown" is a verdict on the address only when it answers RCPT TO or comes with a code
  // that says so (x.1.1); answering the message (after DATA), or at a stage nobody reported, it
  // is what recipient filters say to refuse mail
  // (551 and 553 answer only the envelope: RFC 5321 defines them for RCPT TO and MAIL FROM)
  const atRcpt = e.stage === 'rcpt' || (e.stage === null && (e.reply === '551' || e.reply === '553'));
  if (reason === 'userunknown' && !atRcpt && statusEntry(e.status)?.reason !== 'userunknown') {
    return 'filtered';
  }
  // …and so it is under a security or policy code (x.7.x) the server wrote, whatever the stage;
  // an x.7 only the reporting MTA's Status field gives, for a reply to RCPT TO that wrote none,
  // is that MTA's guess, not the server's word
  // (a recipient list's refusal names the address, whatever code it carries)
  if (reason === 'userunknown' && /^[45]\.7\./.test(e.status ?? '')) {
    const flat = oneLine(e.diag);
    const written = enhancedStatusIn(flat) !== null;
    if ((written || e.stage !== 'rcpt') && !ADDRESS_VERDICTS.some((r) => r.pattern.test(flat)))
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

const DEFINITIVE_RULES = WORDING.filter((r) => r.definitive);
const ADDRESS_VERDICTS = WORDING.filter((r) => r.addressVerdict);
const SPECIFIC_RULES = WORDING.filter((r) => r.specific);
const GENERAL_RULES = WORDING.filter((r) => !r.specific);

function bestMatch(rules: readonly WordingRule[], text: string): Reason | null {
  let best: Reason | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const rule of rules) {
    const rank = REASON_PRIORITY.indexOf(rule.reason);
    if (rank >= bestRank || ABLATION.rules.has(rule.id)) continue;
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
    /(?:in reply to|after) (?:the )?(?:pipelined )?(?:end of )?data\b|for (?:end of )?data command|>>> data\b|our (?:final )?data\b|\(data\)|for text command|smtp command -* ?data\b|failed after i sent the message|failed on data command/i,
  ],
  [
    'rcpt',
    /(?:in reply to|after|for) (?:the )?(?:pipelined )?rcpt(?: to)?(?: command)?\b|>>> rcpt to|rcpt_to\]|our rcpt to|smtp:rcpt|does not like recipient|recipient address rejected|rcpt to not accepted|(?:has )?rejected (?:the )?(?:recipient )?address\b/i,
  ],
  [
    'mail',
    /(?:in reply to|after|for) (?:the )?(?:pipelined )?mail (?:from|command)\b|>>> mail from|mail_from\]|our mail from|but sender was rejected/i,
  ],
  [
    'connect',
    /after initial connection|in reply to (?:ehlo|helo)|after (?:ehlo|helo)|>>> (?:ehlo|helo)|while receiving the initial server greeting|during (?:the )?(?:initial )?connection|refused to talk to me|but (?:greeting failed|my name was rejected)|>>> \(initial greeting\)/i,
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
