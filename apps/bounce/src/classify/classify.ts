import { familiesOf, type Family, type Refinement } from './families';
import { headerValue } from './mime/headers';
import type { Report } from './parse-report';
import { oneLine, reasonFor, stageOf, wordingReason, type Stage } from './decide-reason';
import { flattenDiagnostic } from './plain-text';
import { namedHosts } from './patterns/provider-replies';
import { isHard, type Reason } from './reasons';
import { addressOf, type DsnRecipient } from './report-fields';
import { sesNotification, type SesNotification } from './ses-notification';
import { enhancedStatusIn, normalizeStatus, replyCodeIn } from './smtp-codes';
import { addressesIn, indexLines, linesAbout, recipientsInText, type TextLines } from './text-recipients';
import { verpTokenOf } from './verp';

export type ClassificationKind = 'bounce' | 'complaint' | 'auto-reply' | 'not-a-bounce' | 'delivered';

export interface ClassifiedRecipient {
  /** The recipient's address; '' when the report does not name it (take it from the matched delivery). */
  readonly recipient: string;
  /** Enhanced status code (RFC 3463), e.g. "5.1.1". */
  readonly status: string | null;
  /** SMTP reply code, e.g. "550". */
  readonly reply: string | null;
  /** What the server said, as one line of plain text (no markup), at most 1000 characters. */
  readonly diagnostic: string;
  readonly reason: Reason;
  readonly hard: boolean;
  /** ARF Feedback-Type of a complaint (abuse, opt-out, auth-failure, …). */
  readonly feedbackType?: string;
}

export interface Classification {
  /** The message reports a failure or a complaint the service must act on. */
  readonly isBounce: boolean;
  readonly kind: ClassificationKind;
  /**
   * One entry per failed (or complained, or auto-replying, or delivered) recipient, in the order
   * the message names them. Empty for `not-a-bounce`.
   */
  readonly recipients: ClassifiedRecipient[];
  /** What ties the message to a delivery of ours. */
  readonly match: BounceMatch;
}

export interface BounceMatch {
  /** The VERP token of the bounce's envelope recipient (or its To). */
  readonly verpToken?: string;
  /** The returned original's Message-ID, with angle brackets. */
  readonly messageId?: string;
  /** The returned original's X-Postroom-Delivery header. */
  readonly deliveryId?: string;
}

export interface ClassifyOptions {
  /** The SMTP envelope recipient the bounce arrived for (the VERP address). */
  readonly envelopeTo?: string;
}

const DAEMON_FROM =
  /\b(?:mailer-daemon|mail-daemon|maildaemon|postmaster|post_master|mail delivery (?:system|subsystem|service)|mail\.delivery\.system|internet mail delivery)\b/i;
const BOUNCE_SUBJECT =
  /\b(?:undeliver(?:able|ed)|delivery (?:status|failure|failed|has failed|notification|problem|report|error)|returned mail|failure (?:notice|delivery)|mail delivery failed|could not be delivered|non[- ]?delivery|mail system error|delivery failure|unzustellbar|non recapitabile|message delivery has failed|returned to sender|mail failure|bounce)\b|メールエラー|не доставлено/i;
const FAILURE_PHRASE =
  /\b(?:could not be delivered|couldn'?t be delivered|undeliverable|delivery (?:has )?failed|was not delivered|not (?:been )?delivered|unable to deliver|failed permanently|permanent (?:errors?|failures?)|did not reach|wasn'?t able to deliver|could not deliver|delivery to the following recipients? failed|rejected by|returned to sender|failed to deliver|failure reasons?)\b/i;
const AUTO_REPLY_SUBJECT =
  /^\s*(?:auto(?:matic|matische)?[ -]?(?:reply|response|respons|answer|antwort)|out of (?:the )?office|abwesenheit|absence|vacation|urlaub|on leave|r[ée]ponse automatique|respuesta autom[áa]tica|risposta automatica|resposta autom[áa]tica|自動応答|автоответ)|\b(?:auto(?:matic)?[ -]?reply|out of (?:the )?office|away from (?:the|my) office)\b/i;

/** Reasons an auto-reply can carry that mean the address is gone, not away. */
const AUTO_REPLY_FAILURES: ReadonlySet<Reason> = new Set(['suspend', 'userunknown', 'hasmoved']);

/**
 * Classifies a parsed report: what kind of message it is, every failed recipient with its
 * reason, codes and diagnostic, and what ties it to a delivery. Pure: no I/O, no clock.
 */
export function classify(report: Report, options: ClassifyOptions = {}): Classification {
  const match = matchOf(report, options);
  const ses = sesNotification(report.text);
  if (ses) return fromSes(ses, match);

  const complaint = complaintOf(report);
  if (complaint) return { isBounce: true, kind: 'complaint', recipients: complaint, match };

  const ctx = contextOf(report);
  if (report.deliveryStatus) {
    const failed = report.deliveryStatus.recipients.filter(isFailure);
    if (failed.length > 0) {
      return {
        isBounce: true,
        kind: 'bounce',
        recipients: failed.map((r) => fromDsn(r, ctx, failed.length)),
        match,
      };
    }
    const delivered = report.deliveryStatus.recipients.filter((r) =>
      /^(?:delivered|relayed|expanded)$/.test(r.action ?? ''),
    );
    if (delivered.length > 0) {
      return { isBounce: false, kind: 'delivered', recipients: delivered.map(deliveredEntry), match };
    }
  }

  const textBounce = looksLikeBounce(report) ? fromText(report, ctx) : [];
  if (textBounce.length > 0) return { isBounce: true, kind: 'bounce', recipients: textBounce, match };

  if (isAutoReply(report)) return fromAutoReply(report, ctx, match);
  return { isBounce: false, kind: 'not-a-bounce', recipients: [], match };
}

/** The SMTP command a refused reply answered, as our own sender saw it. */
export type SmtpCommand = Exclude<Stage, null>;

/**
 * Classifies a reply the receiving server gave in our own SMTP dialogue (`delivery.rejected`):
 * the same rules as for a bounce, with the command known for certain.
 */
export function classifySmtpReply(
  text: string,
  command: SmtpCommand | null = null,
): Omit<ClassifiedRecipient, 'recipient'> {
  const status = enhancedStatusIn(text);
  const reply = replyCodeIn(text);
  const reason = reasonFor({ diag: text, status, reply, stage: command ?? stageOf(text), action: null });
  return { status, reply, diagnostic: flattenDiagnostic(text), reason, hard: isHard(reason, status, reply) };
}

// ── matching ──────────────────────────────────────────────────────────────────────────────

function matchOf(report: Report, options: ClassifyOptions): BounceMatch {
  const candidates = [
    options.envelopeTo,
    headerValue(report.headers, 'x-original-to'),
    headerValue(report.headers, 'delivered-to'),
    headerValue(report.headers, 'envelope-to'),
    ...addressesIn(report.to),
  ];
  let verpToken: string | undefined;
  for (const c of candidates) {
    const t = verpTokenOf(c);
    if (t) {
      verpToken = t;
      break;
    }
  }
  const messageId = normalizeMessageId(report.original?.messageId ?? null);
  const deliveryId = report.original?.deliveryId?.trim();
  return {
    ...(verpToken ? { verpToken } : {}),
    ...(messageId ? { messageId } : {}),
    ...(deliveryId && /^[A-Za-z0-9._-]{1,100}$/.test(deliveryId) ? { deliveryId } : {}),
  };
}

function normalizeMessageId(value: string | null): string | null {
  if (!value) return null;
  const m = /<([^<>\s]{1,250})>/.exec(value) ?? /^\s*([^<>\s]{1,250})\s*$/.exec(value);
  return m ? `<${m[1]}>` : null;
}

// ── Amazon SES JSON ───────────────────────────────────────────────────────────────────────

function fromSes(ses: SesNotification, match: BounceMatch): Classification {
  const headerMatch: BounceMatch = {
    ...match,
    ...(!match.messageId && ses.originalMessageId
      ? { messageId: normalizeMessageId(ses.originalMessageId) ?? undefined }
      : {}),
    ...(!match.deliveryId
      ? (() => {
          const d = ses.originalHeaders.find(([n]) => n === 'x-postroom-delivery')?.[1];
          return d ? { deliveryId: d } : {};
        })()
      : {}),
  };
  if (ses.type === 'complaint') {
    const feedbackType = ses.complaintFeedbackType ?? 'abuse';
    const recipients = (ses.recipients.length ? ses.recipients : [{ emailAddress: '' }]).map((r) =>
      complaintEntry(addressOf(r.emailAddress) ?? '', feedbackType, ''),
    );
    return { isBounce: true, kind: 'complaint', recipients, match: headerMatch };
  }
  if (ses.type === 'delivery') {
    const reply = ses.smtpResponse ? replyCodeIn(ses.smtpResponse) : null;
    const status = ses.smtpResponse ? enhancedStatusIn(ses.smtpResponse) : null;
    const recipients = ses.recipients.map((r) => ({
      recipient: addressOf(r.emailAddress) ?? r.emailAddress,
      status: status ?? '2.0.0',
      reply: reply ?? '250',
      diagnostic: flattenDiagnostic(ses.smtpResponse ?? ''),
      reason: 'delivered' as const,
      hard: false,
    }));
    return { isBounce: false, kind: 'delivered', recipients, match: headerMatch };
  }
  const recipients = ses.recipients.map((r) => {
    const diag = stripDiagnosticType(r.diagnosticCode ?? '');
    const status = pickStatus(normalizeStatus(r.status), diag);
    const reply = replyCodeIn(diag);
    const subTypeReason = SES_SUBTYPES[ses.bounceSubType ?? ''] ?? null;
    const reason = reasonFor({
      diag,
      status,
      reply,
      stage: stageOf(diag),
      action: r.action ?? null,
      typeHint: subTypeReason,
    });
    return entry(addressOf(r.emailAddress) ?? r.emailAddress, status, reply, diag, reason);
  });
  return { isBounce: true, kind: 'bounce', recipients, match: headerMatch };
}

const SES_SUBTYPES: Record<string, Reason> = {
  NoEmail: 'userunknown',
  Suppressed: 'suppressed',
  OnAccountSuppressionList: 'suppressed',
  MailboxFull: 'mailboxfull',
  MessageTooLarge: 'emailtoolarge',
  ContentRejected: 'filtered',
  AttachmentRejected: 'filtered',
};

// ── complaints ────────────────────────────────────────────────────────────────────────────

function complaintOf(report: Report): ClassifiedRecipient[] | null {
  const fb = report.feedback;
  const original = report.original;
  const jmrp = original ? headerValue(original.headers, 'x-hmxmroriginalrecipient') : undefined;
  const appleUnsubscribe = /^true$/i.test(headerValue(report.headers, 'x-apple-unsubscribe') ?? '');
  if (!fb && report.reportType !== 'feedback-report' && !jmrp && !appleUnsubscribe) return null;
  if (appleUnsubscribe && !fb) {
    return [complaintEntry(addressOf(report.from) ?? '', 'opt-out', report.text)];
  }
  const feedbackType = fb?.feedbackType ?? 'abuse';
  const explicit = fb ? [...fb.originalRcptTo, ...fb.removalRecipient] : [];
  const fromOriginal = jmrp ? addressesIn(jmrp) : addressesIn(original?.to);
  const addresses = unique(explicit.length ? explicit : fromOriginal);
  const detail = [fb?.fields['user-agent'], fb?.sourceIp ? `source IP ${fb.sourceIp}` : null, report.subject]
    .filter(Boolean)
    .join('; ');
  if (addresses.length === 0) return [complaintEntry('', feedbackType, detail)];
  return addresses.map((a) => complaintEntry(a, feedbackType, detail));
}

function complaintEntry(recipient: string, feedbackType: string, detail: string): ClassifiedRecipient {
  return {
    recipient,
    status: null,
    reply: null,
    diagnostic: flattenDiagnostic(detail),
    reason: 'feedback',
    hard: false,
    feedbackType:
      feedbackType
        .toLowerCase()
        .replace(/[^a-z0-9-]/g, '')
        .slice(0, 40) || 'abuse',
  };
}

// ── RFC 3464 reports ──────────────────────────────────────────────────────────────────────

interface Context {
  readonly report: Report;
  /** The human-readable text, split and indexed once. */
  readonly lines: TextLines;
  /** The human-readable text without what the family says is not the server's word (a paraphrase). */
  readonly explained: string;
  /** What the whole text says, when nothing closer to a recipient does (computed once). */
  readonly textReason: () => Reason | null;
  /** The SMTP stage the whole text names (computed once). */
  readonly textStage: () => Stage;
  /** Addresses that are the sender's (or the reporting system's), never a failed recipient. */
  readonly exclude: Set<string>;
  /** Domains of the original sender, to recognise a refused envelope sender. */
  readonly senderDomains: string[];
  /** The server families whose layout the report is in (families/), most particular first. */
  readonly families: Family[];
  /** Lower-cased address → its block of the human-readable text, as the text reading finds them (computed once). */
  readonly textBlocks: () => ReadonlyMap<string, string>;
}

function contextOf(report: Report): Context {
  const senders = [
    ...addressesIn(report.to),
    ...addressesIn(report.original?.from),
    ...addressesIn(headerValue(report.original?.headers ?? [], 'return-path')),
    ...addressesIn(headerValue(report.original?.headers ?? [], 'sender')),
  ];
  const own = [...addressesIn(report.from), ...addressesIn(headerValue(report.headers, 'reply-to'))];
  const exclude = new Set([...senders, ...own].map((a) => a.toLowerCase()));
  const senderDomains = unique(senders.map((a) => a.slice(a.lastIndexOf('@') + 1).toLowerCase()));
  let textReason: Reason | null | undefined;
  let textStage: Stage | undefined;
  let textBlocks: Map<string, string> | undefined;
  const families = familiesOf(report);
  const explained = families.find((f) => f.explanation)?.explanation?.(report) ?? report.text;
  const ctx: Context = {
    report,
    lines: indexLines(explained),
    explained,
    textReason: () =>
      textReason === undefined ? (textReason = wordingReason(oneLine(explained.slice(0, 8000)))) : textReason,
    textStage: () => (textStage === undefined ? (textStage = stageOf(report.text)) : textStage),
    exclude,
    senderDomains,
    families,
    textBlocks: () =>
      (textBlocks ??= new Map(textRecipients(report, ctx).map((r) => [r.address.toLowerCase(), r.block]))),
  };
  return ctx;
}

/** What the report's families say about one recipient: the first stage and verdict any gives. */
function refinementOf(ctx: Context, address: string, diagnostic: string, stage: Stage): Refinement {
  let refined: Refinement = {};
  for (const f of ctx.families) {
    const r = f.refine?.(ctx.report, { address, diagnostic, stage });
    if (r) refined = { stage: refined.stage ?? r.stage, reason: refined.reason ?? r.reason };
  }
  return refined;
}

function isFailure(r: DsnRecipient): boolean {
  if (r.action === 'failed' || r.action === 'delayed') return true;
  if (r.action === null || !/^(?:delivered|relayed|expanded)$/.test(r.action)) {
    const s = normalizeStatus(r.status);
    return s === null ? r.diagnosticCode !== null || r.action === null : !s.startsWith('2');
  }
  return false;
}

function fromDsn(r: DsnRecipient, ctx: Context, failed: number): ClassifiedRecipient {
  const raw = r.fields['final-recipient'] ?? r.fields['original-recipient'] ?? '';
  const recipient =
    r.finalRecipient ??
    r.originalRecipient ??
    r.actualRecipient ??
    // the original's one addressee stands in only for a lone block: with several, it would be
    // every block's guess
    (failed === 1 ? fallbackRecipient(ctx) : null) ??
    raw;
  const dsnDiag = r.diagnosticCode ?? '';
  // with no Diagnostic-Code, the text's own block for the recipient (to the next one it names)
  // holds the explanation that servers often write lines below the address
  const block =
    dsnDiag || !recipient.includes('@') ? '' : (ctx.textBlocks().get(recipient.toLowerCase()) ?? '');
  const about = recipient.includes('@')
    ? aboutRecipient(recipient, linesAbout(ctx.lines, recipient), block)
    : '';
  const statusComment = /\(([^)]{3,200})\)/.exec(r.status ?? '')?.[1] ?? '';
  const reported = normalizeStatus(r.status);
  // the reporting MTA's own "delivery time expired" (x.4.7) is its verdict on the whole delivery:
  // it outranks the last reply it quotes
  const status = /^[45]\.4\.7$/.test(reported ?? '') ? reported : pickStatus(reported, dsnDiag || about);
  const reply = replyCodeIn(dsnDiag) ?? replyCodeIn(about);
  const generic = stageOf(`${dsnDiag}\n${about}\n${statusComment}`);
  const refined = refinementOf(ctx, recipient, dsnDiag || about, generic);
  const reason =
    refined.reason ??
    reasonFor({
      diag: [dsnDiag, statusComment].filter(Boolean).join('\n'),
      context: about,
      status,
      reply,
      stage: refined.stage ?? generic,
      action: r.action,
      // a local delivery program's exit status: the mailer failed
      typeHint: r.diagnosticType === 'x-unix' ? 'mailererror' : null,
      senderDomains: ctx.senderDomains,
      // with several failed recipients, the whole text speaks only for one the report says nothing of
      textReason: failed === 1 || !dsnDiag ? ctx.textReason : undefined,
      hosts: hostsOf(recipient, r.remoteMta, ctx.report.deliveryStatus?.message['reporting-mta'], dsnDiag),
    });
  return entry(recipient, status, reply, dsnDiag || about || statusComment, reason);
}

/**
 * What the text says about a DSN recipient that has no Diagnostic-Code: the lines that name it
 * (they keep the remote reply: "a@b... Deferred: 421 4.7.0 …"), then what its own text block adds.
 * The block's first line loses the separator that followed the address (": Envelope expired").
 * Where the lines already explain the failure, the block adds only lines that name the recipient
 * or carry a code: the rest is the layout's footer ("Please note that this is only a temporary
 * failure report") or the returned message's headers, not this recipient's reason. Where they name only the address, the block is
 * the explanation that servers write lines below it.
 */
/** An enhanced status code as a word of its own: not a version or build number ("engine=2.50.10432:5.13.68"). */
const STANDALONE_STATUS = /(?<![\w.:=])[245]\.\d{1,3}\.\d{1,3}(?![\w.])/;

function aboutRecipient(recipient: string, lines: string, block: string): string {
  const needle = recipient.toLowerCase();
  const said = lines
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const explains = said.some(
    (l) => l.replace(/[^\s<>"]+@[^\s<>"]+/g, '').replace(/[\s<>:;,.()'"-]/g, '') !== '',
  );
  const added = block
    .replace(/^[\s:;,]+/, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !said.some((s) => s.includes(l)))
    .filter(
      (l) =>
        !explains || l.toLowerCase().includes(needle) || replyCodeIn(l) !== null || STANDALONE_STATUS.test(l),
    );
  return [...said, ...added].join('\n');
}

function deliveredEntry(r: DsnRecipient): ClassifiedRecipient {
  return {
    recipient: r.finalRecipient ?? r.originalRecipient ?? r.actualRecipient ?? '',
    status: normalizeStatus(r.status) ?? '2.0.0',
    reply: replyCodeIn(r.diagnosticCode ?? ''),
    diagnostic: flattenDiagnostic(r.diagnosticCode ?? ''),
    reason: 'delivered',
    hard: false,
  };
}

/** The one recipient the original was addressed to, when it names exactly one. */
function fallbackRecipient(ctx: Context): string | null {
  const to = addressesIn(ctx.report.original?.to).filter((a) => !ctx.exclude.has(a.toLowerCase()));
  if (to.length === 1) return to[0];
  const failed = ctx.report.failedRecipients;
  return failed.length === 1 ? failed[0] : null;
}

// ── human-readable bounces ────────────────────────────────────────────────────────────────

/** A mailing-list manager's refusal ("You are not a member of this mailing list"). */
function isListRefusal(report: Report): boolean {
  const h = report.headers;
  const manager =
    /-(?:admin|owner|request|bounces?)@/i.test(report.from ?? '') ||
    ['x-mlserver', 'mailing-list', 'list-id', 'x-ml-name'].some((n) => headerValue(h, n) !== undefined);
  return manager && wordingReason(oneLine(report.text.slice(0, 2000))) === 'rejected';
}

function looksLikeBounce(report: Report): boolean {
  if (report.failedRecipients.length > 0) return true;
  if (isListRefusal(report)) return true;
  if (report.reportType === 'delivery-status') return true;
  if (DAEMON_FROM.test(report.from ?? '')) return true;
  if (BOUNCE_SUBJECT.test(report.subject ?? '')) return true;
  return FAILURE_PHRASE.test(report.text.slice(0, 4000)) && !isAutoReply(report);
}

/** The failed recipients as the first family that lists any lists them, else as generic reading finds them. */
function textRecipients(
  report: Report,
  ctx: Context,
): Array<{ address: string; block: string; stage?: Stage }> {
  for (const f of ctx.families) {
    const listed = (f.recipients?.(report) ?? []).filter((r) => !ctx.exclude.has(r.address.toLowerCase()));
    if (listed.length > 0)
      return listed.map((r) => ({ address: r.address, block: r.diagnostic, stage: r.stage }));
  }
  return recipientsInText(report.text, ctx.exclude);
}

function fromText(report: Report, ctx: Context): ClassifiedRecipient[] {
  const evidence = report.failedRecipients.length > 0 || BOUNCE_SUBJECT.test(report.subject ?? '');
  if (!evidence && !hasFailureEvidence(report.text)) return [];
  const found = textRecipients(report, ctx);
  const blocks = new Map(found.map((f) => [f.address.toLowerCase(), f.block]));
  const stages = new Map(found.map((f) => [f.address.toLowerCase(), f.stage ?? null]));
  const order = found.map((f) => f.address);
  for (const a of report.failedRecipients) {
    if (!blocks.has(a.toLowerCase()) && !ctx.exclude.has(a.toLowerCase())) order.push(a);
  }
  if (order.length === 0) {
    // the recipient is not on a line of its own: the original's one addressee, or the first
    // address the explanation names in angle brackets
    const only =
      fallbackRecipient(ctx) ??
      addressesIn(/<[^<>\s]+@[^<>\s]+>/.exec(report.text.slice(0, 2000))?.[0]).find(
        (a) => !ctx.exclude.has(a.toLowerCase()),
      );
    if (!only) return [];
    order.push(only);
  }
  const single = order.length === 1;
  return order.slice(0, MAX_RECIPIENTS).map((address) => {
    const block = blocks.get(address.toLowerCase()) ?? '';
    // a lone recipient owns the whole explanation; several share only what names them
    const diag = block || (single ? ctx.explained : linesAbout(ctx.lines, address));
    const context = single ? ctx.explained : '';
    const status = pickStatus(null, diag) ?? (single ? enhancedStatusIn(report.text) : null);
    const reply = replyCodeIn(diag) ?? (single ? replyCodeIn(report.text) : null);
    const generic = stages.get(address.toLowerCase()) ?? stageOf(diag) ?? ctx.textStage();
    const refined = refinementOf(ctx, address, diag, generic);
    const reason =
      refined.reason ??
      reasonFor({
        diag,
        context,
        status,
        reply,
        stage: refined.stage ?? generic,
        action: null,
        senderDomains: ctx.senderDomains,
        // the whole text speaks for a recipient only when no block of its own does: with several
        // blocks, another recipient's verdict is not this one's
        textReason: single || !block ? ctx.textReason : undefined,
        hosts: hostsOf(address, null, undefined, diag),
      });
    return entry(address, status, reply, diagnosticLine(diag), reason);
  });
}

function hasFailureEvidence(whole: string): boolean {
  const text = whole.slice(0, 8000); // the explanation comes first; a long tail is the returned message or noise
  return (
    FAILURE_PHRASE.test(text) ||
    wordingReason(text) !== null ||
    /\b[45]\d\d[ -][45]\.\d{1,3}\.\d{1,3}\b/.test(text)
  );
}

/** The part of a block worth storing: from the first line with a reply code or a failure word, if any. */
function diagnosticLine(block: string): string {
  const lines = block
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const first = lines.findIndex((l) => /\b[245]\d\d\b|[245]\.\d{1,3}\.\d{1,3}/.test(l));
  return (first > 0 ? lines.slice(first) : lines).join(' ');
}

// ── auto-replies ──────────────────────────────────────────────────────────────────────────

function isAutoReply(report: Report): boolean {
  const h = report.headers;
  const autoreply = headerValue(h, 'x-autoreply');
  if (autoreply !== undefined && !/^(?:no|false|0)\b/i.test(autoreply)) return true;
  if (headerValue(h, 'x-autorespond') !== undefined) return true;
  if (/vacation/i.test(headerValue(h, 'x-apple-action') ?? '')) return true;
  if (/auto[_-]?reply/i.test(headerValue(h, 'precedence') ?? '')) return true;
  if (AUTO_REPLY_SUBJECT.test(report.subject ?? '')) return true;
  return /^auto-replied/i.test(report.autoSubmitted ?? '') && !DAEMON_FROM.test(report.from ?? '');
}

function fromAutoReply(report: Report, ctx: Context, match: BounceMatch): Classification {
  const reason = wordingReason(report.text.slice(0, 4000));
  if (reason && AUTO_REPLY_FAILURES.has(reason)) {
    // "this inbox is no longer in use": a bounce in the form of an auto-reply
    const named = recipientsInText(
      report.text,
      new Set([...ctx.exclude].filter((a) => a !== addressOf(report.from))),
    );
    const recipient =
      named[0]?.address ??
      addressesIn(report.text).find((a) => !DAEMON_LOCAL.test(a)) ??
      addressOf(headerValue(report.headers, 'reply-to')) ??
      addressOf(report.from) ??
      '';
    return {
      isBounce: true,
      kind: 'bounce',
      recipients: [entry(recipient, null, null, report.text, reason)],
      match,
    };
  }
  const recipient = addressOf(report.from) ?? '';
  return {
    isBounce: false,
    kind: 'auto-reply',
    recipients: [
      {
        recipient,
        status: null,
        reply: null,
        diagnostic: flattenDiagnostic(report.subject ?? ''),
        reason: 'vacation',
        hard: false,
      },
    ],
    match,
  };
}

/** More failed recipients than this in one message are not read (a real bounce lists a few). */
const MAX_RECIPIENTS = 1000;

const DAEMON_LOCAL = /^(?:mailer-daemon|postmaster|no-?reply|noreply)@/i;

// ── shared ────────────────────────────────────────────────────────────────────────────────

function entry(
  recipient: string,
  status: string | null,
  reply: string | null,
  diag: string,
  reason: Reason,
): ClassifiedRecipient {
  return {
    recipient,
    status,
    reply,
    diagnostic: flattenDiagnostic(diag),
    reason,
    hard: isHard(reason, status, reply),
  };
}

/**
 * The hosts that say whose server answered: the recipient's domain and the Remote-MTA. The
 * Reporting-MTA wrote the reply only when the report names no other server (no Remote-MTA, no
 * "host … said" in the diagnostic): a gateway or relay that reports another server's reply (a
 * Mimecast or GoDaddy relay in front of a company's own server) is not its author.
 */
function hostsOf(
  recipient: string,
  remoteMta: string | null,
  reportingMta: string | undefined,
  diagnostic: string,
): string[] {
  const domain = recipient.includes('@') ? recipient.slice(recipient.lastIndexOf('@') + 1) : '';
  const remote = remoteMta?.trim();
  const reporting =
    remote || namedHosts(diagnostic).length > 0
      ? undefined
      : reportingMta?.replace(/^\s*[\w-]+\s*;\s*/, '').trim();
  return [domain, remote, reporting].filter((h): h is string => !!h);
}

/** The code the remote server wrote wins over the one the reporting MTA put in its Status field. */
function pickStatus(reported: string | null, diag: string): string | null {
  const written = enhancedStatusIn(diag);
  return written ?? reported;
}

function stripDiagnosticType(diag: string): string {
  return diag.replace(/^\s*smtp\s*;\s*/i, '');
}

function unique(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = v.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
