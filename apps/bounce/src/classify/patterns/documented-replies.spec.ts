import { classifySmtpReply, type SmtpCommand } from '../classify';
import type { Reason } from '../reasons';

/**
 * Replies and bounce phrases as receiving servers and MTAs document them (RFC 5321/3463 texts,
 * the Postfix, Exim, Sendmail, qmail, OpenSMTPD sources' messages, Gmail's, Microsoft's and
 * Yahoo's published error pages), with the command each answers when that is part of its
 * meaning, and the reason the taxonomy of test/fixtures/bounces/README.md gives it. None is
 * taken from a corpus sample: they check that the layers read server wording in general.
 */
const DOCUMENTED: ReadonlyArray<readonly [string, SmtpCommand | null, Reason]> = [
  [
    '550 5.1.1 <a@b>: Recipient address rejected: User unknown in local recipient table',
    'rcpt',
    'userunknown',
  ],
  ['550 5.1.1 <a@b>... User unknown', null, 'userunknown'],
  ['550 <a@b>, Recipient unknown', 'rcpt', 'userunknown'],
  ['550 5.1.1 Unknown recipient address', 'rcpt', 'userunknown'],
  ['550 Invalid recipient <a@b>', 'rcpt', 'userunknown'],
  ['550 No Such User Here', 'rcpt', 'userunknown'],
  ['552 1 Requested mail action aborted, mailbox not found', 'rcpt', 'userunknown'],
  ['550 5.1.1 <a@icloud.com>: user does not exist', 'rcpt', 'userunknown'],
  [
    '550 Message was not accepted -- invalid mailbox.  Local mailbox a@mail.ru is unavailable: user not found',
    'rcpt',
    'userunknown',
  ],
  ['550 5.1.1 User unknown; rejecting', 'rcpt', 'userunknown'],
  ['550 Requested action not taken: mailbox unavailable', 'rcpt', 'userunknown'],
  ['550 5.1.1 The account a@b does not exist', 'rcpt', 'userunknown'],
  ['550 Address a@b does not exist', 'rcpt', 'userunknown'],
  ['550 5.1.1 <a@b>: Email address could not be found, or was misspelled (G8)', 'rcpt', 'userunknown'],
  ['511 sorry, no mailbox here by that name (#5.1.1 - chkuser)', 'rcpt', 'userunknown'],
  ['550 5.1.1 Not our Customer', 'rcpt', 'userunknown'],
  ['all relevant MX records point to non-existent hosts', null, 'hostunknown'],
  [
    'Host or domain name not found. Name service error for name=b type=MX: Host not found',
    null,
    'hostunknown',
  ],
  ['550 5.1.2 <a@b>... Host unknown (Name server: b: host not found)', null, 'hostunknown'],
  [
    "DNS Error: DNS type 'mx' lookup of b responded with code NXDOMAIN Domain name not found: b",
    null,
    'hostunknown',
  ],
  ['554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain', null, 'hostunknown'],
  ['5.4.4 Unable to route', null, 'hostunknown'],
  ['retry timeout exceeded', null, 'expired'],
  ['Envelope expired', null, 'expired'],
  ['Message could not be delivered for 5 days', null, 'expired'],
  ['550 4.4.7 QUEUE.Expired; message expired', null, 'expired'],
  ['Delivery failed: message expired, too many delivery attempts', null, 'expired'],
  ["all hosts for 'b' have been failing for a long time (and retry time not reached)", null, 'expired'],
  ['This message has been in the queue too long.', null, 'expired'],
  ['The message has been in the queue too long and has been returned', null, 'expired'],
  ['552 5.2.2 <a@b>: Quota exceeded (mailbox for user is full)', 'rcpt', 'mailboxfull'],
  ['452 4.2.2 Mailbox is full / Blocks limit exceeded / Inode limit exceeded', 'rcpt', 'mailboxfull'],
  ['552 RCPT TO:<a@b> Mailbox disk quota exceeded', 'rcpt', 'mailboxfull'],
  ["The recipient's mailbox is full and can't accept messages now.", null, 'mailboxfull'],
  ['550 5.2.1 The email account that you tried to reach is disabled.', 'rcpt', 'suspend'],
  [
    '554 30 Sorry, your message to a@b cannot be delivered. This mailbox is disabled (554.30)',
    'rcpt',
    'suspend',
  ],
  ['550 5.7.1 Service unavailable, Client host [1.2.3.4] blocked using Spamhaus', 'rcpt', 'blocked'],
  [
    '554 5.7.1 Service unavailable; Client host [1.2.3.4] blocked using b.barracudacentral.org',
    'rcpt',
    'blocked',
  ],
  ['550 5.7.1 Client host rejected: cannot find your reverse hostname, [1.2.3.4]', 'rcpt', 'requireptr'],
  ['450 4.7.1 Client host rejected: cannot find your hostname, [1.2.3.4]', 'rcpt', 'requireptr'],
  ['550 5.7.1 Sender address rejected: not owned by user', 'mail', 'rejected'],
  ['553 5.1.8 <a@b>... Domain of sender address a@b does not exist', 'mail', 'rejected'],
  ['554 5.7.1 <a@b>: Relay access denied', 'rcpt', 'norelaying'],
  ['550 relay not permitted', 'rcpt', 'norelaying'],
  ['550 5.7.1 Unable to relay for a@b', 'rcpt', 'norelaying'],
  ['554 5.7.9 Message not accepted for policy reasons.', 'data', 'policyviolation'],
  ['552 5.3.4 Message size exceeds fixed limit', 'data', 'emailtoolarge'],
  ['552 Error: message exceeds fixed maximum message size 20000', 'mail', 'emailtoolarge'],
  ['message size 31384 exceeds size limit 20000 of server b', null, 'emailtoolarge'],
  [
    '554 5.7.1 The message was rejected because it contains prohibited virus or spam content',
    'data',
    'virusdetected',
  ],
  ['550 5.7.1 Message rejected due to content restrictions', 'data', 'filtered'],
  ['421 4.7.0 Try again later, closing connection. (EHLO)', 'connect', 'blocked'],
  ['TLS is required, but was not offered by host b', null, 'failedstarttls'],
  ['Cannot start TLS: handshake failure', null, 'failedstarttls'],
  ['Command died with status 1: "/bin/false"', null, 'mailererror'],
  ['alias database loop for loopb', null, 'networkerror'],
  ['mail forwarding loop for a@b', null, 'networkerror'],
  [
    '421 4.7.0 [TSS04] Messages from 1.2.3.4 temporarily deferred due to unexpected volume or user complaints',
    'connect',
    'badreputation',
  ],
  [
    '550 5.7.1 Our system has detected an unusual rate of unsolicited mail originating from your IP address.',
    'data',
    'spamdetected',
  ],
  [
    '421 4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your DKIM domain',
    'data',
    'spamdetected',
  ],
  [
    '450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.',
    'rcpt',
    'ratelimited',
  ],
  ['550 5.7.1 Unauthenticated email is not accepted from this domain.', 'data', 'authfailure'],
  [
    '550 5.7.1 Recipient address rejected: Message rejected due to: SPF fail - not authorized',
    'rcpt',
    'authfailure',
  ],
  ['550 5.7.1 Connection refused: your IP address is on our blacklist', 'connect', 'blocked'],
  ['554 rejected due to spam content', 'data', 'spamdetected'],
];

describe('documented replies', () => {
  it.each(DOCUMENTED)('%s (%s) reads as %s', (text, command, reason) => {
    const sut = classifySmtpReply(text, command);
    expect(sut.reason).toBe(reason);
  });
});
