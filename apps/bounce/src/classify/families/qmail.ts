import { wordingReason } from '../decide-reason';
import type { Stage } from '../patterns/reply-codes';
import type { Reason } from '../reasons';
import { addressPattern, blocksBy, headerMatches, type Family } from './family';

/**
 * qmail-send's bounce: "Hi. This is the qmail-send program at host.", then one paragraph per
 * recipient opened by "<a@b>:" on its own line, and "--- Below this line is a copy of the
 * message." (qmail-send.c; "I tried to deliver a bounce message to this address, but the bounce
 * bounced!" and "--- Below this line is the original bounce." for a double bounce; IndiMail's
 * qmail-send names the program it runs as, "Hi. This is the qmta-send program at", and with MIME
 * ends "--- Enclosed is a copy of the message."). qmail-remote says what it met (qmail-remote.c):
 * "Connected to ip but greeting failed." (the banner), "… but my name was rejected." (HELO), "…
 * but sender was rejected." (MAIL FROM), "… does not like recipient." (RCPT TO), "… failed on DATA
 * command.", "… failed after I sent the message." (after DATA), each followed by "Remote host
 * said: <the reply>"; qmail-local writes its own verdict ("Sorry, no mailbox here by that name.
 * (#5.1.1)", "This message is looping: it already has my Delivered-To line. (#5.4.6)"). qmail
 * bounces a temporary failure only when the message's queue lifetime is over, and then adds "I'm
 * not going to try again; this message has been in the queue too long." to the last attempt.
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
    /\bThis is the [\w-]+ program at\b[^\n]*\n[^\n]*\b(?:wasn't able to deliver your message|tried to deliver a bounce message)\b/i.test(
      report.text,
    ) ||
    /\bThis is the qmail-send program at\b/i.test(report.text) ||
    // a qmail-based server: qmail-send's Subject or Received field, and its recipient paragraphs
    ((headerMatches(report, 'received', /\(qmail \d+ invoked for bounce\)/i) ||
      /^failure notice$/i.test(report.subject ?? '')) &&
      /^<[^<>\s]+@[^<>\s]+>:\s*$/m.test(report.text)),
  recipients: (report) =>
    blocksBy(report.text, new RegExp(String.raw`^<(${addressPattern()})>:\s*`), END).map((r) => ({
      address: r.address,
      diagnostic: withoutGivingUp(r.diagnostic),
      stage: stageIn(r.diagnostic),
    })),
  refine: (_report, r) => {
    const own = verdictOf(r.diagnostic, r.stage);
    return own ? { reason: own } : null;
  },
};

const END =
  /^(?:--- Below (?:this|the next) line is (?:a copy of the (?:message|mail header)|the original bounce)|--- Enclosed is (?:a copy of the message|the original bounce)|--- Mensaje original adjunto|Original message follows)/i;

const QUEUE_TOO_LONG = /^I'm not going to try again; this message has been in the queue too long\.?$/im;

/**
 * A paragraph without qmail-send's "this message has been in the queue too long" when the reply
 * qmail-remote quotes for the recipient ("does not like recipient." then "Remote host said: 452
 * 4.3.1 Insufficient system storage") names a cause of its own: the line only says that qmail
 * stopped retrying, and the reply says why the recipient was refused. A reply that names no
 * cause ("451 Please try again later") keeps it: the retries ran out.
 */
function withoutGivingUp(paragraph: string): string {
  if (!QUEUE_TOO_LONG.test(paragraph) || !/does not like recipient/i.test(paragraph)) return paragraph;
  const reply = /^Remote host said:\s*([\s\S]*?)(?=^I'm not going to try again|(?![\s\S]))/im.exec(
    paragraph,
  )?.[1];
  const named = reply ? wordingReason(reply.replace(/\s+/g, ' ')) : null;
  return named && named !== 'expired' ? paragraph.replace(QUEUE_TOO_LONG, '').trim() : paragraph;
}

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
 * texts of qmail-remote, qmail-local and of the qmail-ldap patch name the cause themselves.
 */
function verdictOf(paragraph: string, stage: Stage): Reason | null {
  const flat = paragraph.replace(/\s+/g, ' ');
  if (/\bbut my name was rejected\b/i.test(flat)) return 'blocked';
  // Microsoft's SMTP service refusing for its own disk, as qmail-remote quotes it
  if (/mailbox unavailable \(not enough free space\)/i.test(flat)) return 'systemfull';
  // qmail-ldap: the user's own size limit (#5.2.3)
  if (/exee?ded the maximum size the user accepts/i.test(flat)) return 'emailtoolarge';
  // qmail-remote.c perm_dns (#5.1.2) and temp_dns (#4.1.2): qmail found no host for the domain,
  // and a temporary lookup failure is bounced only after the queue lifetime of retrying it
  if (/\bSorry, I couldn'?t find any host (?:named|by that name)\b/i.test(flat)) return 'hostunknown';
  // qmail-remote.c temp_noconn: no server of the domain ever took the connection, and qmail
  // names that itself; the "queue too long" line after it only says when qmail stopped
  if (/\bSorry, I wasn'?t able to establish an SMTP connection\b/i.test(flat)) return 'networkerror';
  // the qmail-smtpd patches that check recipients (badrcptto, validrcptto, jms1) refuse an
  // address they do not have under qmail's policy code (#5.7.1): the address, not a filter
  if (stage === 'rcpt' && /\b(?:badrcptto|badrecipientto|validrcptto)\b/i.test(flat)) return 'userunknown';
  if (!/^Remote host said:/im.test(paragraph) && LOCAL_FAILURE.test(flat)) {
    // qmail-local writing to a mailbox over its quota: "Unable to write …: disk quota exceeded"
    return /\bdisk quota exceeded\b/i.test(flat) ? 'mailboxfull' : 'systemerror';
  }
  return null;
}

/**
 * qmail's own programs failing on the receiving host, with no remote reply: qmail-local.c and
 * qmail-remote.c ("Unable to chdir to maildir. (#4.2.1)", "Unable to open /var/mail/a: …
 * (#4.2.1)", "Unable to write …", "Unable to forward message: …", "Unable to read control
 * files. (#4.3.0)"), a delivery program that could not run ("/bin/sh: …: bad interpreter: No
 * such file or directory"), and the qmail-ldap patch's lookups ("Temporary failure in LDAP
 * lookup. (#4.4.3)", "Unable to contact LDAP server", "Illegal value in LDAP attribute",
 * "Automatic homedir creator crashed", "Temporary error while executing qmail-forward").
 */
const LOCAL_FAILURE =
  /^(?:Unable to (?:chdir|switch|open|read|write|fork|run|rewind|stat|forward|login|contact)\b)|\bbad interpreter: No such file or directory\b|\b(?:Temporary failure in LDAP lookup|Timeout while performing search on LDAP server|Unable to (?:contact|login into) LDAP server|Illegal value in LDAP attribute|LDAP attribute is not given but mandatory|Too many results returned but needs to be unique|Automatic homedir creator crashed|Temporary error in automatic homedir creation|(?:Temporary|Permanent) error while executing qmail-forward)\b/i;
