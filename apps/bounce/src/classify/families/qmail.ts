import type { Stage } from '../patterns/reply-codes';
import { addressPattern, blocksBy, headerMatches, type Family } from './family';

/**
 * qmail-send's bounce: "Hi. This is the qmail-send program at host.", then one paragraph per
 * recipient opened by "<a@b>:" on its own line, and "--- Below this line is a copy of the
 * message." qmail-remote says what it met (qmail-remote.c): "Connected to ip but greeting failed." (the
 * banner), "… but my name was rejected." (HELO), "… but sender was rejected." (MAIL FROM), "… does
 * not like recipient." (RCPT TO), "… failed on DATA command.", "… failed after I sent the
 * message." (after DATA); qmail-local writes its own verdict ("Sorry, no mailbox here by that
 * name. (#5.1.1)", "This message is looping: it already has my Delivered-To line. (#5.4.6)").
 * Servers built on qmail keep the paragraphs under an introduction of their own ("This is the
 * mail delivery agent at …", "Unfortunately, your mail was not delivered to the following
 * address:", Spanish "Su mensaje no pudo ser entregado") and end them with "--- Below the next
 * line is a copy of the message.", "--- Below this line is a copy of the mail header.",
 * "Original message follows."; qmail-send names itself in the bounce's Received field
 * ("(qmail 1234 invoked for bounce)").
 */
export const qmail: Family = {
  name: 'qmail',
  matches: (report) =>
    /\bThis is the qmail-send program at\b/i.test(report.text) ||
    // a qmail-based server: qmail-send's Subject or Received field, and its recipient paragraphs
    ((headerMatches(report, 'received', /\(qmail \d+ invoked for bounce\)/i) ||
      /^failure notice$/i.test(report.subject ?? '')) &&
      /^<[^<>\s]+@[^<>\s]+>:\s*$/m.test(report.text)),
  recipients: (report) =>
    blocksBy(report.text, new RegExp(String.raw`^<(${addressPattern()})>:\s*`), END).map((r) => ({
      ...r,
      stage: stageIn(r.diagnostic),
    })),
  refine: (_report, r) => {
    const own = verdictOf(r.diagnostic);
    return own ? { reason: own } : null;
  },
};

const END =
  /^(?:--- Below (?:this|the next) line is a copy of the (?:message|mail header)|--- Mensaje original adjunto|Original message follows)/i;

function stageIn(text: string): Stage {
  const flat = text.replace(/\s+/g, ' ');
  if (/but (?:greeting failed|my name was rejected)/i.test(flat)) return 'connect';
  if (/does not like recipient/i.test(flat)) return 'rcpt';
  if (/sender was rejected/i.test(flat)) return 'mail';
  if (/failed after I sent the message/i.test(flat)) return 'data';
  if (/failed on DATA command/i.test(flat)) return 'data';
  // qmail-local's own verdict about a local mailbox
  return /no mailbox here by that name/i.test(flat) ? 'rcpt' : null;
}

/**
 * What qmail's own programs state outright, whatever else the paragraph says (qmail-send adds
 * "this message has been in the queue too long" to the last attempt it gave up on): a refused
 * HELO is a refusal of the sending host (qmail-remote.c "but my name was rejected"), and the
 * texts of qmail-local and of the qmail-ldap patch name the cause themselves.
 */
function verdictOf(paragraph: string): 'blocked' | 'systemfull' | 'emailtoolarge' | null {
  const flat = paragraph.replace(/\s+/g, ' ');
  if (/\bbut my name was rejected\b/i.test(flat)) return 'blocked';
  // Microsoft's SMTP service refusing for its own disk, as qmail-remote quotes it
  if (/mailbox unavailable \(not enough free space\)/i.test(flat)) return 'systemfull';
  // qmail-ldap: the user's own size limit (#5.2.3)
  if (/exee?ded the maximum size the user accepts/i.test(flat)) return 'emailtoolarge';
  return null;
}
