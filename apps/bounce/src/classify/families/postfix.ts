import type { Stage } from '../patterns/reply-codes';
import { addressPattern, blocksBy, type Family, type FamilyRecipient } from './family';

/**
 * Postfix's bounce(8) notice: "This is the mail system at host …", then one paragraph per
 * recipient, "<a@b>: host mx[ip] said: 550 … (in reply to RCPT TO command)", continued on
 * lines indented by four spaces; the RFC 3464 part follows. The command the reply answered is
 * only in that human-readable paragraph. Older Postfix opens with "This is the Postfix program at
 * host …". smtpd's notice to the postmaster (Subject "Postfix SMTP server: errors from
 * host[ip]", smtpd_chat.c) is a "Transcript of session follows." of "In:" / "Out:" lines: the
 * recipient is the RCPT TO a 4xx/5xx reply refused.
 */
export const postfix: Family = {
  name: 'postfix',
  matches: (report) =>
    /^This is the (?:mail system|Postfix program) at host /m.test(report.text) ||
    /\bSMTP server: errors from /i.test(report.subject ?? '') ||
    report.headers.some(([n]) => n === 'x-postfix-queue-id'),
  recipients: (report) =>
    /\bSMTP server: errors from /i.test(report.subject ?? '')
      ? refusedInTranscript(report.text)
      : blocksBy(
          report.text,
          new RegExp(String.raw`^<(${addressPattern()})>(?: \(expanded from <[^>]*>\))?:`),
          /^\S/,
        ).map((r) => ({ ...r, stage: stageIn(r.diagnostic) })),
  refine: (_report, r) => {
    const stage = stageIn(r.diagnostic);
    return stage ? { stage } : null;
  },
};

/** The RCPT TO arguments of smtpd's transcript that a 4xx/5xx "Out:" line answered. */
function refusedInTranscript(text: string): FamilyRecipient[] {
  const out: FamilyRecipient[] = [];
  let rcpt: string | null = null;
  for (const line of text.split('\n')) {
    const sent = /^\s*In:\s+(\S+)(?:\s+(.*))?$/i.exec(line);
    if (sent) {
      const m =
        sent[1].toUpperCase() === 'RCPT'
          ? new RegExp(String.raw`<(${addressPattern()})>`).exec(sent[2] ?? '')
          : null;
      rcpt = m ? m[1].toLowerCase() : null;
      continue;
    }
    const reply = /^\s*Out:\s+([45]\d\d[ -].*)$/i.exec(line);
    if (reply && rcpt && !out.some((r) => r.address === rcpt))
      out.push({ address: rcpt, diagnostic: reply[1], stage: 'rcpt' });
  }
  return out;
}

function stageIn(text: string): Stage {
  const flat = text.replace(/\s+/g, ' ');
  const m = /\(in reply to (RCPT TO|MAIL FROM|end of DATA|DATA|HELO|EHLO)\b/i.exec(flat);
  if (m) return STAGES[m[1].toUpperCase()] ?? null;
  return /refused to talk to me/i.test(flat) ? 'connect' : null;
}

const STAGES: Record<string, Stage> = {
  'RCPT TO': 'rcpt',
  'MAIL FROM': 'mail',
  'END OF DATA': 'data',
  DATA: 'data',
  HELO: 'connect',
  EHLO: 'connect',
};
