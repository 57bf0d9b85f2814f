import type { Stage } from '../patterns/reply-codes';
import { addressPattern, blocksBy, type Family } from './family';

/**
 * qmail-send's bounce: "Hi. This is the qmail-send program at host.", then one paragraph per
 * recipient opened by "<a@b>:" on its own line, and "--- Below this line is a copy of the
 * message." qmail-remote says what it met: "… does not like recipient." (RCPT TO), "… but
 * sender was rejected." (MAIL FROM), "… failed after I sent the message." (DATA); qmail-local
 * writes its own verdict ("Sorry, no mailbox here by that name. (#5.1.1)").
 */
export const qmail: Family = {
  name: 'qmail',
  matches: (report) => /\bThis is the qmail-send program at\b/i.test(report.text),
  recipients: (report) =>
    blocksBy(report.text, new RegExp(String.raw`^<(${addressPattern()})>:\s*`), /^--- Below this line/).map(
      (r) => ({ ...r, stage: stageIn(r.diagnostic) }),
    ),
};

function stageIn(text: string): Stage {
  const flat = text.replace(/\s+/g, ' ');
  if (/does not like recipient/i.test(flat)) return 'rcpt';
  if (/sender was rejected/i.test(flat)) return 'mail';
  if (/failed after I sent the message/i.test(flat)) return 'data';
  if (/failed on DATA command/i.test(flat)) return 'data';
  // qmail-local's own verdict about a local mailbox
  return /no mailbox here by that name/i.test(flat) ? 'rcpt' : null;
}
