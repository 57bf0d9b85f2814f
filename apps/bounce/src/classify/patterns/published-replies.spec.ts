import { classifySmtpReply, type SmtpCommand } from '../classify';
import type { Reason } from '../reasons';

/**
 * Replies as MTAs' public sources and providers' published error lists write them, each with the
 * command it answers (when that is part of its meaning) and the reason the taxonomy of
 * test/fixtures/bounces/README.md gives it. Written from those sources, never from a corpus
 * sample (families/SOURCES.md names each source).
 */
type Row = readonly [string, SmtpCommand | null, Reason];

// netqmail 1.06 qmail-remote.c, qmail-local.c, qmail-smtpd.c, dot-qmail(5); chkuser 2.0
// chkuser_settings.h; qmail-ldap qmail-lspawn.c; the qmail TLS patch
const QMAIL: readonly Row[] = [
  ["Sorry, I couldn't find any host named nosuch.example. (#5.1.2)", null, 'hostunknown'],
  ["Sorry, I couldn't find any host by that name. (#4.1.2)", null, 'networkerror'],
  ["Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)", null, 'notaccept'],
  ["Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)", null, 'networkerror'],
  ['Connected to 192.0.2.1 but connection died. (#4.4.2)', null, 'networkerror'],
  ['CNAME lookup failed temporarily. (#4.4.3)', null, 'networkerror'],
  ['System resources temporarily unavailable. (#4.3.0)', null, 'systemerror'],
  ['Unable to switch to home directory. (#4.3.0)', null, 'systemerror'],
  ['SMTP cannot transfer messages with partial final lines. (#5.6.2)', null, 'contenterror'],
  [
    "Sorry. Although I'm listed as a best-preference MX or A for that host, it isn't in my control/locals file, so I don't treat it as local. (#5.4.6)",
    null,
    'networkerror',
  ],
  ['Sorry, no mailbox here by that name. (#5.1.1)', null, 'userunknown'],
  ['This message is looping: it already has my Delivered-To line. (#5.4.6)', null, 'networkerror'],
  ['Unable to write /var/mail/a: Disk quota exceeded. (#4.3.0)', null, 'mailboxfull'],
  ["I'm not going to try again; this message has been in the queue too long.", null, 'expired'],
  ['511 sorry, no mailbox here by that name (#5.1.1 - chkuser)', 'rcpt', 'userunknown'],
  ['522 sorry, recipient mailbox is full (#5.2.2 - chkuser)', 'rcpt', 'mailboxfull'],
  ["511 sorry, can't find a valid MX for rcpt domain (#5.1.1 - chkuser)", 'rcpt', 'hostunknown'],
  ["511 sorry, can't find a valid MX for sender domain (#5.1.1 - chkuser)", 'rcpt', 'rejected'],
  ['571 sorry, sender address has invalid format (#5.7.1 - chkuser)', 'mail', 'rejected'],
  ["553 sorry, that domain isn't in my list of allowed rcpthosts (#5.5.3 - chkuser)", 'rcpt', 'norelaying'],
  [
    '571 sorry, reached maximum number of recipients for one session (#5.7.1 - chkuser)',
    'rcpt',
    'ratelimited',
  ],
  ['430 system temporary unavailable, try again later (#4.3.0 - chkuser)', 'rcpt', 'systemerror'],
  ['552 sorry, that message size exceeds my databytes limit (#5.3.4)', 'data', 'emailtoolarge'],
  ['553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)', 'mail', 'rejected'],
  ['554 too many hops, this message is looping (#5.4.6)', 'data', 'networkerror'],
  ['Mailaddress is administrativley disabled. (LDAP-ERR #220)', null, 'suspend'],
  ['The users mailfolder is over the allowed quota (size). (#5.2.2)', null, 'mailboxfull'],
  // dot-qmail(5)'s bouncesaying example, and the qmail TLS patch's qmail-remote
  ['This address no longer accepts mail.', null, 'suspend'],
  ['TLS connect failed: timed out', null, 'failedstarttls'],
];

// Sendmail 8 (deliver.c, usersmtp.c, collect.c, err.c's sysexits texts, cf/m4/proto.m4)
const SENDMAIL: readonly Row[] = [
  ['550 5.1.1 <a@b>... User unknown', 'rcpt', 'userunknown'],
  ['550 5.1.2 <a@b.example>... Host unknown (Name server: b.example: host not found)', null, 'hostunknown'],
  ['Deferred: Connection refused by mx.b.example.', null, 'networkerror'],
  ['Deferred: Connection timed out with mx.b.example.', null, 'expired'],
  ['451 b.example: Name server timeout', null, 'networkerror'],
  ['Deferred: Name server: b.example.: host name lookup failure', null, 'networkerror'],
  ['Message could not be delivered for 5 days', null, 'expired'],
  ['Cannot send message for 5 days', null, 'expired'],
  ['552 5.2.3 Message exceeds maximum fixed size (250000)', null, 'emailtoolarge'],
  ['552 5.2.3 Message size exceeds maximum value', 'mail', 'emailtoolarge'],
  ['552 5.2.3 Message is too large; 20000 bytes max', 'mail', 'emailtoolarge'],
  // srvrsmtp.c refuses MAIL FROM while its queue's disk is short of space
  ['452 4.4.5 Insufficient disk space; try again later', 'mail', 'systemfull'],
  ['550 5.7.1 <a@b>... Relaying denied', 'rcpt', 'norelaying'],
  ['550 5.7.1 <a@b>... Relaying denied. Proper authentication required.', 'rcpt', 'norelaying'],
  ['550 5.7.1 Rejected: 192.0.2.1 listed at sbl.spamhaus.org', 'connect', 'blocked'],
  ['553 5.1.8 <a@b>... Domain of sender address a@b does not exist', 'mail', 'rejected'],
  ['553 5.5.4 <a>... Domain name required for sender address a', 'mail', 'rejected'],
  ['553 5.1.8 <a@b>... Real domain name required for sender address', 'mail', 'rejected'],
  ['554 5.4.6 Too many hops 26 (25 max): from <a@b> via c, to <d@e>', null, 'networkerror'],
  ['554 5.4.6 aliasing/forwarding loop broken', null, 'networkerror'],
  ['554 5.3.5 config error: mail loops back to me (MX problem?)', null, 'networkerror'],
  ['554 5.3.0 unknown mailer error 1', null, 'mailererror'],
  ['452 4.4.5 Insufficient disk space; try again later', null, 'systemfull'],
  ['553 5.1.3 <a@@b>... Invalid route address', 'rcpt', 'userunknown'],
  ['553 5.1.3 <>... User address required', 'rcpt', 'userunknown'],
];

// Google Workspace "Gmail SMTP errors and codes" (support.google.com/a/answer/3726730)
const GMAIL: readonly Row[] = [
  ['421 4.7.0 IP not in whitelist for RCPT domain, closing connection.', 'connect', 'blocked'],
  ['421 4.7.0 TLS required for RCPT domain, closing connection.', 'rcpt', 'failedstarttls'],
  [
    '450 4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time.',
    'rcpt',
    'ratelimited',
  ],
  [
    '450 4.2.1 Peak SMTP relay limit exceeded for customer. This is a temporary error.',
    'rcpt',
    'ratelimited',
  ],
  ['452 4.5.3 Your message has too many recipients.', 'rcpt', 'ratelimited'],
  [
    '452 4.5.3 Domain policy size per transaction exceeded, please try this recipient in a separate transaction.',
    'rcpt',
    'ratelimited',
  ],
  ['550 5.4.5 Daily SMTP relay limit exceeded for user.', 'rcpt', 'ratelimited'],
  ['550 5.7.0 Mail relay denied.', 'rcpt', 'norelaying'],
  ['550 5.7.1 Invalid credentials for relay.', 'rcpt', 'norelaying'],
  [
    "550 5.7.1 The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead.",
    'rcpt',
    'blocked',
  ],
  [
    '550 5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked.',
    'data',
    'spamdetected',
  ],
  [
    '550 5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records and authentication.',
    'data',
    'requireptr',
  ],
  [
    '550 5.7.25 The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP.',
    'data',
    'requireptr',
  ],
  [
    "550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy.",
    'data',
    'authfailure',
  ],
  [
    "421 4.7.32 Your email has been rate limited because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain.",
    'data',
    'authfailure',
  ],
  [
    '421 4.7.0 Our system has detected that this message is suspicious due to the very low reputation of the sending IP address.',
    'data',
    'badreputation',
  ],
  [
    '550 5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation of the sending domain.',
    'data',
    'badreputation',
  ],
  ["552 5.2.3 Your message exceeded Google's message size limits.", 'data', 'emailtoolarge'],
  [
    "553 5.1.2 We weren't able to find the recipient domain. Please check for any spelling errors.",
    'rcpt',
    'hostunknown',
  ],
  ['554 5.6.0 Mail message is malformed. Not accepted.', 'data', 'contenterror'],
  ['554 5.6.0 Message exceeded 50 hops, this may indicate a mail loop.', 'data', 'networkerror'],
  [
    '550 5.7.1 Messages missing a valid address in From: header, or having no From: header, are not accepted.',
    'data',
    'notcompliantrfc',
  ],
  ['550 5.7.1 Messages missing a valid Message-ID header are not accepted.', 'data', 'notcompliantrfc'],
  ['530 5.7.0 Must issue a STARTTLS command first.', 'mail', 'failedstarttls'],
];

// Yahoo Sender Hub "SMTP error codes" (senders.yahooinc.com/smtp-error-codes)
const YAHOO: readonly Row[] = [
  [
    '421 4.7.0 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed.',
    'connect',
    'blocked',
  ],
  [
    "553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in Spamhaus's list",
    'connect',
    'blocked',
  ],
  ['554 5.7.9 Message not accepted for policy reasons.', 'data', 'policyviolation'],
  [
    "554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com) [0]",
    'rcpt',
    'userunknown',
  ],
  ['552 1 Requested mail action aborted, mailbox not found', 'rcpt', 'userunknown'],
  ['421 Max message per connection reached, closing transmission channel', 'data', 'ratelimited'],
];

// Microsoft "Email non-delivery reports and SMTP errors in Exchange Online" (NDR code table)
const MICROSOFT: readonly Row[] = [
  ['550 5.1.0 Sender denied', 'mail', 'rejected'],
  [
    '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup',
    'rcpt',
    'userunknown',
  ],
  ['550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient', 'data', 'emailtoolarge'],
  ['550 5.4.1 Recipient address rejected: Access denied', 'rcpt', 'userunknown'],
  ['550 5.4.14 Hop count exceeded - possible mail loop ATTR34', null, 'networkerror'],
  ['550 4.4.7 QUEUE.Expired; message expired', null, 'expired'],
  ['550 5.7.1 RESOLVER.RST.AuthRequired; authentication required', 'rcpt', 'securityerror'],
  ['550 5.7.64 TenantAttribution; Relay Access Denied', 'rcpt', 'norelaying'],
  ['550 5.7.501 Access denied, spam abuse detected', 'mail', 'spamdetected'],
  ['550 5.7.511 Access denied, banned sender', 'mail', 'blocked'],
  [
    '550 5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant and include a From address',
    'data',
    'notcompliantrfc',
  ],
  [
    '550 5.7.513 Service unavailable, Client host [192.0.2.1] blocked by example.com using Customer Block list',
    'connect',
    'blocked',
  ],
  ['550 5.7.606 Access denied, banned sending IP [192.0.2.1]', 'connect', 'blocked'],
  [
    '451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.',
    'connect',
    'badreputation',
  ],
  ['550 5.7.23 The message was rejected because of Sender Policy Framework violation', 'data', 'authfailure'],
];

// Sisimai's per-reason phrase lists (sisimai/go-sisimai reason/why-*.go, the v5 taxonomy the corpus
// labels use), each at the command Sisimai reads it at: what servers say for each reason
const SISIMAI: readonly Row[] = [
  ['550 5.1.1 user kijitora does not exist', 'rcpt', 'userunknown'],
  ['550 rcpt <a@example.org> does not exist', 'rcpt', 'userunknown'],
  ['550 5.1.1 Address not present in directory', 'rcpt', 'userunknown'],
  ['550 kijitora@example.org is not an active address at this host', 'rcpt', 'userunknown'],
  ['553 sorry, this recipient is not in my validrcptto list (#5.1.1)', 'rcpt', 'userunknown'],
  // …and under the x.7.1 the badrcptto patch writes: the list's verdict is on the address
  ['553 sorry, your envelope recipient is in my badrcptto list (#5.7.1)', 'rcpt', 'userunknown'],
  ['550 5.7.1 sorry, this recipient is not in my validrcptto list', 'rcpt', 'userunknown'],
  ["553 sorry, that domain or user isn't in my list of allowed rcpthosts", 'rcpt', 'userunknown'],
  ['550 There is no one at this address', 'rcpt', 'userunknown'],
  ['550 Nessun utente simile in questo indirizzo', 'rcpt', 'userunknown'],
  // the same words answering the message are a filter's
  ['550 user kijitora does not exist', 'data', 'filtered'],
  ['550 User refuses to receive this mail', 'data', 'filtered'],
  [
    '550 5.1.2 <a@example.invalid>: Recipient address rejected: recipient domain must exist',
    'rcpt',
    'hostunknown',
  ],
  ['550 Mail domain mentioned in email address is unknown', 'rcpt', 'hostunknown'],
  ['550 5.1.2 <a@example.org>... Host unknown (Name server: .: host not found)', 'rcpt', 'notaccept'],
  ['Message expired after sitting in queue for 5 days', null, 'expired'],
  ['retry time not reached for any host after a long failure period', null, 'expired'],
  ['Your message could not be delivered for more than 3 days', null, 'expired'],
  ['example.org was not reachable within the allowed queue period', null, 'expired'],
  ['421 4.4.2 Message timed out', null, 'expired'],
  ['552 5.2.2 Mailbox would exceed maximum allowed storage', 'rcpt', 'mailboxfull'],
  ['552 Too much mail data', 'rcpt', 'mailboxfull'],
  ['550 5.2.1 Recipient rejected: Temporarily inactive', 'rcpt', 'suspend'],
  ['550 Mailbox unavailable or access denied', 'rcpt', 'suspend'],
  ['550 Empty envelope senders not allowed', 'mail', 'rejected'],
  ['553 Sender is in my black list', 'mail', 'rejected'],
  ['550 5.7.1 Email address is on SenderFilterConfig list', 'mail', 'rejected'],
  ['550 5.7.1 Service unavailable, banned sending IP', 'connect', 'blocked'],
  ['550 Sorry, your remotehost looks suspiciously like spammer', 'connect', 'blocked'],
  ['554 Blacklisted URL in message', 'data', 'spamdetected'],
  ['554 Message contains spam or virus', 'data', 'spamdetected'],
  ['550 Message refused by Trustwave SEG SpamProfiler', 'data', 'spamdetected'],
  ['554 Email rejected due to security policies', 'data', 'policyviolation'],
  [
    '552 5.7.0 This message was blocked because it has a potentially executable attachment',
    'data',
    'virusdetected',
  ],
  ['451 4.3.5 Local configuration error', 'rcpt', 'systemerror'],
  ['451 4.3.0 Unable to connect to the spamd daemon', 'data', 'systemerror'],
  ['The DNS records for the destination computer could not be found', null, 'networkerror'],
  [
    '550 This mail server requires authentication when attempting to send to a non-local e-mail address.',
    'rcpt',
    'norelaying',
  ],
  [
    '451 4.7.1 <mx.example.org[192.0.2.2]>: Client host rejected: Please try again slower',
    'rcpt',
    'ratelimited',
  ],
  ['454 Throttling failure: Daily message quota exceeded.', 'mail', 'ratelimited'],
  [
    "553 sorry, you don't authenticate or the domain isn't in my list of allowed rcpthosts (#5.7.1)",
    'rcpt',
    'securityerror',
  ],
  ['552 Exceeded maximum inbound message size', 'data', 'emailtoolarge'],
  [
    '550 5.7.25 The corresponding forward DNS entry does not point to the sending IP',
    'connect',
    'requireptr',
  ],
  [
    "550 5.7.509 Access denied, sending domain example.org doesn't meet the authentication requirements defined for the sender",
    'data',
    'authfailure',
  ],
  ['554 5.6.0 Message MIME complexity exceeds the policy maximum', 'data', 'contenterror'],
  ['550 Domain example.org is a dead domain', null, 'securityerror'],
  ['550 5.1.6 a@example.org has been replaced by b@example.org', 'rcpt', 'hasmoved'],
  // a pipe address that names procmail says where mail went, not that the program failed
  ['554 "|exec /usr/bin/procmail || exit 75 #a"... Service unavailable', null, 'systemerror'],
];

// Texts of one reason that share another, broader rule's words ("limit", "suspended", "address"):
// the RFC 3463 code and the rest of the wording must tell them apart
const SHARED_WORDS: readonly Row[] = [
  // x.5.3 and a daily sending cap: counts of recipients and messages, not a size
  ['452 4.5.3 You have exceeded the maximum limit of recipients per message', 'rcpt', 'ratelimited'],
  ['550 5.7.1 Sender has exceeded the maximum limit of 500 messages per day', 'mail', 'ratelimited'],
  // a receive rate of a mailbox, not its storage
  ['450 4.2.1 The user mailbox has exceeded the hourly limit of incoming messages', 'rcpt', 'ratelimited'],
  ['552 5.2.2 Account size limit exceeded', 'data', 'mailboxfull'],
  // x.4.2 "bad connection": a session's time limit, not a connection-count limit
  ['421 4.4.2 Connection time limit exceeded', 'data', 'networkerror'],
  // x.1.3 "bad destination mailbox address syntax" at RCPT: the address, not content or sender
  ['553 5.1.3 <a@@example.net>... Improperly formatted address', 'rcpt', 'userunknown'],
  ['501 5.1.3 Empty address', 'rcpt', 'userunknown'],
  // x.1.2 "bad destination system address": the recipient's domain
  ['550 5.1.2 example.net is a dead domain', 'rcpt', 'hostunknown'],
  // Postfix's give-up text for a host it stopped trying: the cause after the colon tells
  [
    'delivery temporarily suspended: connect to mx.example.net[192.0.2.1]:25: Connection timed out',
    null,
    'expired',
  ],
];

describe.each([
  ['qmail, chkuser, qmail-ldap', QMAIL],
  ['Sendmail', SENDMAIL],
  ['Gmail', GMAIL],
  ['Yahoo', YAHOO],
  ['Microsoft 365', MICROSOFT],
  ['Sisimai phrase lists', SISIMAI],
  ["other reasons' words", SHARED_WORDS],
] as const)('published replies: %s', (_name, rows) => {
  it.each(rows)('%s (%s) reads as %s', (text, command, reason) => {
    expect(classifySmtpReply(text, command).reason).toBe(reason);
  });
});

describe('a greylisting refusal in "recipient not accepted" words', () => {
  it('reads as no verdict on the mailbox (neither unknown nor filtered)', () => {
    const { reason } = classifySmtpReply(
      '451 4.7.1 Recipient not accepted (greylisted), try again in 5 minutes',
      'rcpt',
    );
    expect(['userunknown', 'filtered']).not.toContain(reason);
  });
});
