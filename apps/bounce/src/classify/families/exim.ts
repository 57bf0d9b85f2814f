import type { Stage } from '../patterns/reply-codes';
import { addressPattern, after, blocksBy, type Family, verdictIn, type Verdicts } from './family';

/**
 * Exim's bounce: "This message was created automatically by mail delivery software.", the
 * X-Failed-Recipients header, then after "The following address(es) failed:" each address on a
 * line indented by two spaces and its explanation indented by four. A remote refusal names the
 * host and "SMTP error from remote mail server after RCPT TO:<…>:" (or MAIL FROM, end of data,
 * initial connection; "after pipelined RCPT TO" when the client pipelined its commands, Exim 4.9x); an explanation with no host is Exim's own routing or transport verdict
 * ("Unknown user", "Unrouteable address", "mailbox is full"): a verdict on the address itself.
 * An address can share its line with that verdict ("  a@b: forced freeze", "  a@b <c@d>: …"),
 * and Exim-based servers (Mail.ru) indent it by a tab.
 */
export const exim: Family = {
  name: 'exim',
  matches: (report) =>
    /This message was created automatically by mail delivery software/i.test(report.text) ||
    (report.failedRecipients.length > 0 && /following address\(es\) failed/i.test(report.text)),
  recipients: (report) =>
    blocksBy(
      after(report.text, /The following address\(es\) failed:\s*\n/i),
      new RegExp(String.raw`^(?: {1,3}|\t)(?:<)?(${addressPattern()})>?(?:\s*$|(?: <[^<>\s]+>)?: (?=\S))`),
      /^\S|^-{4,}/,
    ).map((r) => ({ ...r, stage: stageIn(r.diagnostic) })),
  refine: (report, r) => {
    const block = exim.recipients?.(report).find((x) => x.address === r.address.toLowerCase());
    const text = block?.diagnostic ?? r.diagnostic;
    const stage = stageIn(text);
    // Exim's own verdicts stand in its own block of failed addresses; other servers (GMX, 1&1,
    // Zoho) borrow its opening sentence, not its texts
    const own = block !== undefined && !remote(text);
    const reason = own ? verdictIn(OWN, text.replace(/\s+/g, ' ')) : null;
    return stage || reason ? { ...(stage ? { stage } : {}), ...(reason ? { reason } : {}) } : null;
  },
};

/** Whether the explanation quotes a remote server (SMTP or LMTP) rather than Exim's own verdict. */
function remote(text: string): boolean {
  return /\b(?:SMTP error from remote|LMTP error after)\b/i.test(text);
}

/**
 * Exim's own texts (its routers', transports' and address parser's `addr->message`, exim src
 * route.c, deliver.c, parser.c, transports/smtp.c, retry.c) that generic wording reads otherwise.
 */
const OWN: Verdicts = [
  [/\ball host address lookups failed permanently\b/i, 'hostunknown'],
  [/\bno host found for existing SMTP connection\b/i, 'notaccept'],
  [
    /\bangle-brackets nested too deep\b|\(expected word or "<"\)|\bdomain missing in source-routed address\b|\bmalformed address: /i,
    'syntaxerror',
  ],
  [/\bdelivery to (?:file|pipe) forbidden\b|^local delivery failed\b/i, 'systemerror'],
  [/\bToo many "Received" headers\b/i, 'contenterror'],
  [
    /\bretry time not reached for any host after a long failure period\b|\bhas been frozen\b|\bwas frozen on arrival\b/i,
    'expired',
  ],
];

function stageIn(text: string): Stage {
  const flat = text.replace(/\s+/g, ' ');
  const m =
    /SMTP error from remote (?:mail server|mailer) after (?:pipelined )?(RCPT TO|MAIL FROM|end of data|DATA|initial connection|EHLO|HELO)/i.exec(
      flat,
    );
  if (m) return STAGES[m[1].toUpperCase()] ?? null;
  // no remote host in the explanation: the router or transport refused the address itself
  // (an explanation quoting a reply code came from some remote server, whatever the layout)
  return /\bhost \S+ \[/.test(flat) || /\b[245]\d\d\b/.test(flat) || flat.trim() === '' ? null : 'rcpt';
}

const STAGES: Record<string, Stage> = {
  'RCPT TO': 'rcpt',
  'MAIL FROM': 'mail',
  'END OF DATA': 'data',
  DATA: 'data',
  'INITIAL CONNECTION': 'connect',
  EHLO: 'connect',
  HELO: 'connect',
};
