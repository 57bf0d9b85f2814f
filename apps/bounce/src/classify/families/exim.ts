import type { Stage } from '../patterns/reply-codes';
import { addressPattern, after, blocksBy, type Family } from './family';

/**
 * Exim's bounce: "This message was created automatically by mail delivery software.", the
 * X-Failed-Recipients header, then after "The following address(es) failed:" each address on a
 * line indented by two spaces and its explanation indented by four. A remote refusal names the
 * host and "SMTP error from remote mail server after RCPT TO:<…>:" (or MAIL FROM, end of data,
 * initial connection; "after pipelined RCPT TO" when the client pipelined its commands, Exim 4.9x); an explanation with no host is Exim's own routing or transport verdict
 * ("Unknown user", "Unrouteable address", "mailbox is full"): a verdict on the address itself.
 */
export const exim: Family = {
  name: 'exim',
  matches: (report) =>
    /This message was created automatically by mail delivery software/i.test(report.text) ||
    (report.failedRecipients.length > 0 && /following address\(es\) failed/i.test(report.text)),
  recipients: (report) =>
    blocksBy(
      after(report.text, /The following address\(es\) failed:\s*\n/i),
      new RegExp(String.raw`^  (?:<)?(${addressPattern()})>?\s*$`),
      /^\S|^-{4,}/,
    ).map((r) => ({ ...r, stage: stageIn(r.diagnostic) })),
  refine: (report, r) => {
    const block = exim.recipients?.(report).find((x) => x.address === r.address.toLowerCase());
    const stage = block ? stageIn(block.diagnostic) : stageIn(r.diagnostic);
    return stage ? { stage } : null;
  },
};

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
