import type { Stage } from '../patterns/reply-codes';
import { addressPattern, after, blocksBy, type Family } from './family';

/**
 * Yahoo Mail's bounce: "Sorry, we were unable to deliver your message to the following
 * address.", "<a@b>:" on its own line, then "Remote host said: 550 … [RCPT_TO]" where the
 * bracket names the command the remote refused ([RCPT_TO], [MAIL_FROM], [BODY] after DATA).
 */
export const yahoo: Family = {
  name: 'yahoo',
  matches: (report) => /unable to deliver your message to the following address/i.test(report.text),
  recipients: (report) =>
    blocksBy(
      after(report.text, /unable to deliver your message to the following address(?:es)?\.?\s*\n/i),
      new RegExp(String.raw`^\s*<(${addressPattern()})>:?\s*$`),
      /^-{3} Below this line/,
    ).map((r) => ({ ...r, stage: stageIn(r.diagnostic) })),
};

function stageIn(text: string): Stage {
  const m = /\[(RCPT_TO|MAIL_FROM|BODY|DATA|CONNECT|EHLO|HELO)\]/i.exec(text);
  if (!m) return null;
  const cmd = m[1].toUpperCase();
  if (cmd === 'RCPT_TO') return 'rcpt';
  if (cmd === 'MAIL_FROM') return 'mail';
  return cmd === 'BODY' || cmd === 'DATA' ? 'data' : 'connect';
}
