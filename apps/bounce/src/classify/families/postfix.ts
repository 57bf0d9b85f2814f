import type { Stage } from '../patterns/reply-codes';
import { addressPattern, blocksBy, type Family } from './family';

/**
 * Postfix's bounce(8) notice: "This is the mail system at host …", then one paragraph per
 * recipient, "<a@b>: host mx[ip] said: 550 … (in reply to RCPT TO command)", continued on
 * lines indented by four spaces; the RFC 3464 part follows. The command the reply answered is
 * only in that human-readable paragraph.
 */
export const postfix: Family = {
  name: 'postfix',
  matches: (report) =>
    /^This is the mail system at host /m.test(report.text) ||
    report.headers.some(([n]) => n === 'x-postfix-queue-id'),
  recipients: (report) =>
    blocksBy(
      report.text,
      new RegExp(String.raw`^<(${addressPattern()})>(?: \(expanded from <[^>]*>\))?:`),
      /^\S/,
    ).map((r) => ({ ...r, stage: stageIn(r.diagnostic) })),
  refine: (_report, r) => {
    const stage = stageIn(r.diagnostic);
    return stage ? { stage } : null;
  },
};

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
