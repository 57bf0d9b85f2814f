import { classify, type Classification } from '../classify';
import { reasonFor } from '../decide-reason';
import { parseReport } from '../parse-report';
import type { Reason } from '../reasons';
import { enhancedStatusIn, replyCodeIn } from '../smtp-codes';
import { dsn, message } from '../test-messages';
import { PROVIDERS, providerOf, providerReason } from './provider-replies';

/**
 * Replies as each provider's postmaster page documents them (the code, with the wording the page
 * gives for it), read with the host that answered: what the provider's own table gives, and what
 * the whole decision (reasonFor) makes of it. None is a corpus sample.
 */
const DOCUMENTED: ReadonlyArray<readonly [provider: string, reply: string, host: string, reason: Reason]> = [
  // Cox: https://www.cox.com/business/support/email-error-codes.html
  ['cox', '554 5.7.1 IP address blocked for spam-like behavior. AUP#CXBL', 'cox.net', 'blocked'],
  ['cox', '550 5.1.0 sender rejected. AUP#CDRBL', 'cox.net', 'blocked'],
  ['cox', '554 5.7.1 reverse DNS lookup failed. AUP#CXDNS', 'cox.net', 'requireptr'],
  [
    'cox',
    '550 5.7.1 Email failed SPF/DKIM checks of the sending domain. AUP#CXSNDR',
    'cox.net',
    'authfailure',
  ],
  ['cox', '554 5.7.1 SMTP protocol violation. AUP#CXSMTP', 'cox.net', 'rejected'],
  ['cox', '421 4.7.0 too many connections from your IP. AUP#CXCNCT', 'cox.net', 'ratelimited'],
  ['cox', '452 4.5.3 too many recipients, wait before sending more. AUP#CXMXRT', 'cox.net', 'ratelimited'],
  [
    'cox',
    '554 5.7.1 sending limited due to suspicious account activity AUP#CXTHRT',
    'cox.net',
    'securityerror',
  ],
  ['cox', '554 5.7.1 IP listed in the Spamhaus Zen DNSBL AUP#IPBL0001', 'cox.net', 'blocked'],
  [
    'cox',
    '554 5.7.1 URL in the message is on SURBL and Spamhaus DBL AUP#URLBL011',
    'cox.net',
    'spamdetected',
  ],
  ['cox', '421 4.7.1 cox too many bad commands from 192.0.2.1', 'cox.net', 'blocked'],
  ['cox', '554 5.7.1 rejected - no rDNS', 'cox.net', 'requireptr'],
  ['cox', '421 4.7.0 too many sessions from 192.0.2.1', 'cox.net', 'ratelimited'],
  ['cox', '550 5.1.1 recipient rejected', 'cox.net', 'userunknown'],
  // Spectrum: https://www.spectrum.net/support/internet/understanding-email-error-codes
  ['spectrum', '554 5.7.1 IP blocked for suspicious activity AUP#I-1000', 'charter.net', 'blocked'],
  ['spectrum', '550 5.1.0 sender rejected. AUP#O-1010', 'charter.net', 'rejected'],
  ['spectrum', '550 5.1.0 sender rejected. AUP#O-1050', 'charter.net', 'rejected'],
  ['spectrum', '450 4.3.2 try again later AUP#I-1090', 'charter.net', 'systemerror'],
  ['spectrum', '550 5.7.1 no full circle DNS AUP#I-1120', 'charter.net', 'requireptr'],
  ['spectrum', '550 5.7.1 against domain security policy AUP#O-1170', 'charter.net', 'policyviolation'],
  ['spectrum', '554 5.7.1 flagged by Cloudmark CSI AUP#I-1200', 'charter.net', 'blocked'],
  ['spectrum', '554 5.7.1 listed by Spamhaus AUP#I-1230', 'charter.net', 'blocked'],
  ['spectrum', '554 5.7.1 IPv6 not accepted AUP#I-1260', 'charter.net', 'networkerror'],
  ['spectrum', '421 4.7.0 too many connections AUP#I-1320', 'charter.net', 'ratelimited'],
  ['spectrum', '550 5.1.0 sender rejected AUP#In-1400', 'charter.net', 'ratelimited'],
  ['spectrum', '552 5.3.4 message larger than 20MB AUP#O-1530', 'charter.net', 'emailtoolarge'],
  ['spectrum', '550 5.7.1 too many invalid recipients AUP#O-1560', 'charter.net', 'policyviolation'],
  // Orange / La Poste: https://postmaster.orange.fr/
  ['orange', '550 5.7.1 Your sending IP is listed by SpamHaus RBL OFR_101', 'orange.fr', 'blocked'],
  [
    'orange',
    '421 mwinf ME Trop de connexions. Too many connections, slow down. OFR005_104 [104]',
    'orange.fr',
    'ratelimited',
  ],
  ['orange', '421 4.7.0 Service refused, please try later. LPN006_107', 'laposte.net', 'requireptr'],
  ['orange', '421 4.7.0 Too many messages per connection OFR004_109 [109]', 'orange.fr', 'ratelimited'],
  ['orange', '421 4.7.0 Veuillez essayer plus tard. Invalid HELO. OFR004_201', 'orange.fr', 'blocked'],
  ['orange', "550 5.7.1 Sender's domain name SPF error OFR_393", 'orange.fr', 'authfailure'],
  ['orange', '501 5.1.0 Emetteur invalide. Invalid Sender. OFR004_405 [405]', 'orange.fr', 'rejected'],
  [
    'orange',
    '550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416 [416]',
    'orange.fr',
    'userunknown',
  ],
  [
    'orange',
    '552 5.1.1 Boite du destinataire pleine. Recipient overquota. OFR_417 [417]',
    'wanadoo.fr',
    'mailboxfull',
  ],
  [
    'orange',
    '550 5.5.0 Boite du destinataire archivee. Archived recipient. LPN007_420',
    'laposte.net',
    'suspend',
  ],
  ['orange', '550 5.5.0 Le compte du destinataire est bloque. LPN007_426', 'laposte.net', 'suspend'],
  [
    'orange',
    '421 4.2.0 Service refuse. Service refused, please try later. OFR005_505 [505]',
    'orange.fr',
    'systemerror',
  ],
  ['orange', '550 5.2.0 Mail rejete. Mail rejected. OFR_506 [506]', 'orange.fr', 'spamdetected'],
  ['orange', '552 5.3.4 Taille limite du message atteinte OFR_514', 'orange.fr', 'emailtoolarge'],
  ['orange', '550 5.7.1 DMARC authentication failed, message rejected OFR_515', 'orange.fr', 'authfailure'],
  ['orange', '421 4.7.0 Due to bad behavior you have been rate limited OFR_993', 'orange.fr', 'ratelimited'],
  [
    'orange',
    '421 smtp.orange.fr [192.0.2.1] Emetteur invalide, Veuillez verifier la configuration SPF/DNS de votre nom de domaine.',
    'orange.fr',
    'authfailure',
  ],
  // GoDaddy: https://www.godaddy.com/help/fix-rejected-email-with-a-bounce-error-40685
  [
    'godaddy',
    '535 Authentication not allowed on IBSMTP Servers. IB401',
    'smtp.secureserver.net',
    'securityerror',
  ],
  [
    'godaddy',
    '550 a@b Blank From: addresses are not allowed. Provide a valid From. IB501',
    'smtp.secureserver.net',
    'notcompliantrfc',
  ],
  [
    'godaddy',
    '550 b.com From: Domain is invalid. Provide a valid From: IB506',
    'smtp.secureserver.net',
    'rejected',
  ],
  [
    'godaddy',
    '550 a@b Invalid SPF record. Inspect your SPF settings, and try again. IB508',
    'smtp.secureserver.net',
    'authfailure',
  ],
  [
    'godaddy',
    '421 Temporarily rejected. Reverse DNS for this IP failed. IB108',
    'smtp.secureserver.net',
    'requireptr',
  ],
  [
    'godaddy',
    '552 This message has been rejected due to content judged to be spam by the internet community. IB212',
    'smtp.secureserver.net',
    'spamdetected',
  ],
  ['godaddy', '552 Virus infected message rejected. IB705', 'smtp.secureserver.net', 'virusdetected'],
  [
    'godaddy',
    '421 Connection refused, too many sessions from This IP. Lower the number of concurrent sessions. IB007',
    'smtp.secureserver.net',
    'ratelimited',
  ],
  [
    'godaddy',
    '554 This IP has been temporarily blocked for attempting to mail too many invalid recipients. IB112',
    'smtp.secureserver.net',
    'blocked',
  ],
  [
    'godaddy',
    '550 This IP has sent too many messages this hour. IB504',
    'smtp.secureserver.net',
    'ratelimited',
  ],
  [
    'godaddy',
    '554 Connection refused. This IP has a poor reputation on Cloudmark Sender Intelligence (CSI). IB103',
    'smtp.secureserver.net',
    'badreputation',
  ],
  [
    'godaddy',
    '554 Connection refused. This IP address is listed on the Spamhaus Block List (SBL). IB104',
    'smtp.secureserver.net',
    'blocked',
  ],
  ['godaddy', '554 RBL Reject.', 'smtp.secureserver.net', 'blocked'],
  ['godaddy', 'Account storage limit', 'mailstore1.secureserver.net', 'mailboxfull'],
  ['godaddy', 'Account disabled', 'mailstore1.secureserver.net', 'suspend'],
  // i.ua: https://mail.i.ua/err/<code>/
  ['iua', '550 Mailbox not found. See http://mail.i.ua/err/2/', 'mx.email.ua', 'userunknown'],
  ['iua', '550 Mailbox is frozen. See http://mail.i.ua/err/3/', 'mx.email.ua', 'suspend'],
  ['iua', '552 Mailbox is full. See http://mail.i.ua/err/4/', 'mx.email.ua', 'mailboxfull'],
  ['iua', '550 Sender IP is blacklisted. See http://mail.i.ua/err/9/', 'mx.email.ua', 'blocked'],
  // Tencent QQ Mail: https://service.mail.qq.com/detail/122
  ['tencent', '550 Mail content denied.', 'mx1.qq.com', 'spamdetected'],
  ['tencent', '550 Suspected spam ip, connection refused.', 'mx1.qq.com', 'blocked'],
  ['tencent', '550 Ip frequency limited.', 'mx1.qq.com', 'ratelimited'],
  ['tencent', '550 Mailbox not found.', 'mx1.qq.com', 'userunknown'],
  ['tencent', '550 SPF check failed.', 'mx1.qq.com', 'authfailure'],
  ['tencent', '550 Message too large.', 'mx1.qq.com', 'emailtoolarge'],
  // Zoho Mail: https://www.zoho.com/mail/help/spam-reason.html
  ['zoho', '550 5.7.1 Email rejected per DMARC policy for b.com', 'mx.zoho.com', 'authfailure'],
  ['zoho', '554 5.7.7 Email policy violation detected', 'mx.zoho.com', 'policyviolation'],
  ['zoho', '541 5.4.1 Mail rejected by destination domain', 'mx.zoho.eu', 'rejected'],
  ['zoho', '550 5.1.1 User does not exist - <a@b.com>', 'smtpin.zoho.com', 'userunknown'],
  ['zoho', '452 4.3.1 Temporary System Error', 'mx.zoho.com', 'systemerror'],
  // Cloudflare Email Routing: https://developers.cloudflare.com/email-routing/postmaster/
  ['cloudflare', '550 5.7.1 192.0.2.1 found on one or more DNSBLs', 'route1.mx.cloudflare.net', 'blocked'],
  // Outlook.com postmaster troubleshooting, Exchange Online NDR pages
  [
    'microsoft',
    "550 SC-001 (BAY0-MC1-F21) Unfortunately, messages from 192.0.2.1 weren't sent.",
    'mx1.hotmail.com',
    'badreputation',
  ],
  [
    'microsoft',
    "550 SC-004 (BAY0-MC1-F21) Unfortunately, messages from 192.0.2.1 weren't sent.",
    'mx1.hotmail.com',
    'blocked',
  ],
  [
    'microsoft',
    "421 RP-001 (BAY0-MC1-F21) Unfortunately, some messages from 192.0.2.1 weren't sent.",
    'mx1.hotmail.com',
    'badreputation',
  ],
  [
    'microsoft',
    "550 DY-001 (BAY0-MC1-F21) Unfortunately, messages from 192.0.2.1 weren't sent.",
    'mx1.hotmail.com',
    'blocked',
  ],
  [
    'microsoft',
    '550 5.7.509 Access denied, sending domain b.com does not pass DMARC verification',
    'b-com.mail.protection.outlook.com',
    'authfailure',
  ],
  [
    'microsoft',
    '550 5.7.606 Access denied, banned sending IP [192.0.2.1]',
    'b-com.mail.protection.outlook.com',
    'blocked',
  ],
  [
    'microsoft',
    '550 5.7.513 Service unavailable, Client host [192.0.2.1] blocked by b.com using Customer Block list (AS16012607)',
    'b-com.mail.protection.outlook.com',
    'blocked',
  ],
  [
    'microsoft',
    '451 4.7.500 Access denied, please try again later. (AS761)',
    'b-com.mail.protection.outlook.com',
    'blocked',
  ],
  [
    'microsoft',
    '550 5.7.501 Access denied, spam abuse detected',
    'b-com.mail.protection.outlook.com',
    'rejected',
  ],
  [
    'microsoft',
    '550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup; sender not authenticated for group',
    'b-com.mail.protection.outlook.com',
    'rejected',
  ],
  [
    'microsoft',
    '554 5.2.2 mailbox full; STOREDRV.Submission.Exception:SubmissionQuotaExceededException; submission quota exceeded',
    'b-com.mail.protection.outlook.com',
    'ratelimited',
  ],
  [
    'microsoft',
    '550 5.7.705 Access denied, tenant has exceeded threshold',
    'b-com.mail.protection.outlook.com',
    'ratelimited',
  ],
  [
    'microsoft',
    '550 5.7.505 Access denied, banned recipient',
    'b-com.mail.protection.outlook.com',
    'suspend',
  ],
  [
    'microsoft',
    '550 5.7.504 Recipient address rejected: Access denied',
    'b-com.mail.protection.outlook.com',
    'suspend',
  ],
  [
    'microsoft',
    '550 5.7.912 Delivery not authorized, message refused',
    'b-com.mail.protection.outlook.com',
    'policyviolation',
  ],
  [
    'microsoft',
    '451 4.4.8 MX hosts of b.com failed MTA-STS validation',
    'b-com.mail.protection.outlook.com',
    'failedstarttls',
  ],
  [
    'microsoft',
    '451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.',
    'b-com.mail.protection.outlook.com',
    'badreputation',
  ],
  // Gmail: https://support.google.com/a/answer/3726730 ("gsmtp is added to all errors")
  [
    'google',
    '450 4.2.1 The user you are trying to contact is receiving email too quickly. Please resend your message at a later time. - gsmtp',
    'gmail-smtp-in.l.google.com',
    'ratelimited',
  ],
  [
    'google',
    '550 5.2.1 The user you are trying to contact is receiving email at a rate that prevents additional messages from being delivered. - gsmtp',
    'gmail-smtp-in.l.google.com',
    'ratelimited',
  ],
  [
    'google',
    "451 4.7.23 192.0.2.1 The sending IP address for this message doesn't have a PTR record, or the PTR record's forward DNS entry doesn't match the sending IP address. To protect users from spam, your email has been temporarily rate limited. - gsmtp",
    'aspmx.l.google.com',
    'requireptr',
  ],
  [
    'google',
    "421 4.7.27 Your email has been rate limited because SPF authentication didn't pass for this message. Gmail requires all bulk email senders to authenticate their email with SPF. - gsmtp",
    'gmail-smtp-in.l.google.com',
    'authfailure',
  ],
  [
    'google',
    "550 5.7.30 This message was blocked because it didn't pass DKIM authentication. Gmail requires bulk email senders to authenticate their email with DKIM. - gsmtp",
    'gmail-smtp-in.l.google.com',
    'authfailure',
  ],
  [
    'google',
    "421 4.7.29 Your email has been rate limited because you're not using a TLS connection. Gmail requires all bulk email senders to use TLS/SSL for SMTP connections. - gsmtp",
    'gmail-smtp-in.l.google.com',
    'failedstarttls',
  ],
  [
    'google',
    '421 4.7.28 Gmail has detected an unusual rate of unsolicited email originating from your IP Netblock 192.0.2.0. To protect our users from spam, email sent from your IP Netblock has been temporarily rate limited. - gsmtp',
    'gmail-smtp-in.l.google.com',
    'ratelimited',
  ],
  [
    'google',
    '421 4.7.28 Gmail has detected this sender exceeded the quota for sending messages that have the same Message-ID:. To best protect our users, the message has been temporarily rejected. - gsmtp',
    'gmail-smtp-in.l.google.com',
    'ratelimited',
  ],
  [
    'google',
    '550 5.7.1 This message is not RFC 5322 compliant because it has duplicate headers. To reduce the amount of spam sent to Gmail, this message has been blocked. - gsmtp',
    'gmail-smtp-in.l.google.com',
    'notcompliantrfc',
  ],
  [
    'google',
    '550 5.7.1 Encoded-word syntax is not permitted in message header Subject. To reduce the amount of spam sent to Gmail, this message has been blocked. - gsmtp',
    'gmail-smtp-in.l.google.com',
    'notcompliantrfc',
  ],
  [
    'google',
    '552 5.7.0 This message was blocked because its content presents a potential security issue. - gsmtp',
    'gmail-smtp-in.l.google.com',
    'virusdetected',
  ],
  [
    'google',
    '550 5.7.1 The user or domain that you are sending to (or from) has a policy that prohibits the email that you sent. - gsmtp',
    'aspmx.l.google.com',
    'policyviolation',
  ],
  [
    'google',
    '550 5.7.1 This message violates example.com email policy. - gcdp 12345 - gsmtp',
    'aspmx.l.google.com',
    'policyviolation',
  ],
  ['google', '535 5.7.80 Username and Password not accepted. - gsmtp', 'smtp.gmail.com', 'securityerror'],
  // Yahoo Sender Hub: https://senders.yahooinc.com/smtp-error-codes/ ; help.yahoo.com SLN3436
  [
    'yahoo',
    '421 4.7.1 [TS03] All messages from 192.0.2.1 permanently deferred; Retrying will NOT succeed.',
    'mta5.am0.yahoodns.net',
    'blocked',
  ],
  [
    'yahoo',
    '451 Message temporarily deferred due to unresolvable RFC.5321 from domain',
    'mta5.am0.yahoodns.net',
    'rejected',
  ],
  [
    'yahoo',
    '451 Resources temporarily unavailable. Please try again later [#4.16.1].',
    'mta5.am0.yahoodns.net',
    'systemerror',
  ],
  [
    'yahoo',
    '550 5.7.9 Message not accepted for policy reasons. See https://senders.yahooinc.com/smtp-error-codes#authentication-failures',
    'yahoo.com',
    'authfailure',
  ],
  [
    'yahoo',
    '421 4.7.0 Messages from 192.0.2.1 deferred. See https://senders.yahooinc.com/smtp-error-codes#user-complaints',
    'yahoo.com',
    'badreputation',
  ],
  // Mimecast: community.mimecast.com Mimecast-SMTP-Error-Codes-842605754
  [
    'mimecast',
    '550 SPF Sender Invalid - envelope rejected - https://community.mimecast.com/docs/DOC-1369#550',
    'us-smtp-inbound-1.mimecast.com',
    'authfailure',
  ],
  [
    'mimecast',
    '550 Envelope rejected - block policy for envelope from address - https://community.mimecast.com/docs/DOC-1369#550',
    'us-smtp-inbound-1.mimecast.com',
    'rejected',
  ],
  [
    'mimecast',
    '550 Rejected by header based Anti-Spoofing policy - https://community.mimecast.com/docs/DOC-1369#550',
    'eu-smtp-inbound-1.mimecast.com',
    'policyviolation',
  ],
  [
    'mimecast',
    '451 Internal resource is temporarily unavailable - https://community.mimecast.com/docs/DOC-1369#451',
    'us-smtp-inbound-1.mimecast.com',
    'badreputation',
  ],
  [
    'mimecast',
    '421 Sender address blocked - https://community.mimecast.com/docs/DOC-1369#421',
    'us-smtp-inbound-1.mimecast.com',
    'blocked',
  ],
  [
    'mimecast',
    '554 Maximum email size exceeded - https://community.mimecast.com/docs/DOC-1369#554',
    'us-smtp-inbound-1.mimecast.com',
    'emailtoolarge',
  ],
  [
    'mimecast',
    '553 This route requires encryption (TLS) - https://community.mimecast.com/docs/DOC-1369#553',
    'us-smtp-inbound-1.mimecast.com',
    'failedstarttls',
  ],
  [
    'mimecast',
    '554 Email rejected due to security policies - https://community.mimecast.com/docs/DOC-1369#554',
    'us-smtp-inbound-1.mimecast.com',
    'virusdetected',
  ],
  [
    'mimecast',
    '550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550',
    'za-smtp-inbound-1.mimecast.co.za',
    'userunknown',
  ],
  // Yandex: https://yandex.com/support/mail/bounces/yandex.html
  ['yandex', '550 5.7.1 No such user!', 'mx.yandex.ru', 'userunknown'],
  ['yandex', '554 5.7.1 Blocked by spam statistics - see https://ya.cc/1IrBc', 'mx.yandex.ru', 'blocked'],
  ['yandex', '550 5.7.1 Policy rejection on the target address', 'mx.yandex.net', 'suspend'],
  // Comcast: http://postmaster.comcast.net/mail-error-codes.aspx
  [
    'comcast',
    '554 resimta-ch2-01v.sys.comcast.net comcast 192.0.2.1 Comcast block for spam. Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000001',
    'mx1.comcast.net',
    'blocked',
  ],
  [
    'comcast',
    '554 comcast 192.0.2.1 Dynamic IP. Please see http://postmaster.comcast.net/smtp-error-codes.php#ES000010',
    'mx1.comcast.net',
    'blocked',
  ],
  ['comcast', '421 Too many sessions opened', 'mx1.comcast.net', 'ratelimited'],
  ['comcast', '421 Reverse DNS failure : Try again later', 'mx1.comcast.net', 'requireptr'],
];

function classified(raw: Buffer): Classification {
  const parsed = parseReport(raw);
  if (parsed.kind !== 'report') throw new Error(`refused: ${parsed.reason}`);
  return classify(parsed);
}

describe('provider replies', () => {
  it.each(DOCUMENTED)('%s: %j from %s reads as %s', (name, reply, host, reason) => {
    const status = enhancedStatusIn(reply);
    expect(providerOf(reply, [host])?.name).toBe(name);
    expect(providerReason(reply, [host], status)).toBe(reason);
    expect(
      reasonFor({
        diag: reply,
        status,
        reply: replyCodeIn(reply),
        stage: null,
        action: 'failed',
        hosts: [host],
      }),
    ).toBe(reason);
  });

  it('recognises a provider by a code format of its own alone, without a host', () => {
    expect(providerReason('550 5.1.0 sender rejected. AUP#CXSNDR', [], '5.1.0')).toBe('authfailure');
    expect(providerReason('550 5.1.0 sender rejected. AUP#I-1540', [], '5.1.0')).toBe('ratelimited');
    expect(providerReason('550 5.1.1 Invalid recipient. OFR_416 [416]', [], '5.1.1')).toBe('userunknown');
    expect(providerReason('550 Mailbox is frozen. See http://mail.i.ua/err/3/', [], null)).toBe('suspend');
  });

  it('reads a code format others could write, and the phrases, only for the provider that answered', () => {
    // "IB212" and "recipient rejected" mean what GoDaddy and Cox say only at GoDaddy and Cox
    expect(providerReason('552 content judged to be spam. IB212', ['mx.example.net'], null)).toBeNull();
    expect(providerReason('550 5.1.1 recipient rejected', ['mx.example.net'], '5.1.1')).toBeNull();
    expect(providerReason('550 Mailbox not found.', ['example.com'], null)).toBeNull();
  });

  it('finds the provider from a host the reply names as the one that answered, not from addresses', () => {
    expect(providerOf('host mx3.qq.com[192.0.2.1] said: 550 Mailbox not found.', [])?.name).toBe('tencent');
    expect(providerOf('SMTP error from remote server, host: smtp-in.orange.fr (192.0.2.1)', [])?.name).toBe(
      'orange',
    );
    expect(providerOf('550 5.1.1 <a@qq.com>: Mailbox not found.', [])).toBeNull();
  });

  it('trusts the hosts in the order given: the recipient domain before the reporting MTA', () => {
    expect(providerOf('550 denied', ['charter.net', 'mx.example.net', 'omr.mx.aol.com'])?.name).toBe(
      'spectrum',
    );
    expect(providerOf('550 denied', ['example.com', 'omr.mx.aol.com'])?.name).toBe('aol');
  });

  it('keeps a phrase documented with one status code to that code', () => {
    const reply = '550 5.4.1 Recipient address rejected: Access denied';
    expect(providerReason(reply, ['b-com.mail.protection.outlook.com'], '5.4.1')).toBeNull();
    expect(
      providerReason('451 4.7.500 Access denied, please try again later', ['outlook.com'], '5.7.1'),
    ).toBeNull();
  });

  it('recognises a provider by the signature it writes into its replies, without a host', () => {
    // Gmail's "gsmtp", Mimecast's and Yahoo's links to their pages of codes
    expect(
      providerOf('550 5.7.1 This message violates example.com email policy. - gcdp 1 - gsmtp', [])?.name,
    ).toBe('google');
    expect(
      providerOf('550 Envelope blocked - User Entry - https://community.mimecast.com/docs/DOC-1369#550', [])
        ?.name,
    ).toBe('mimecast');
    expect(
      providerOf('554 5.7.9 Message not accepted. See https://senders.yahooinc.com/error-codes', [])?.name,
    ).toBe('yahoo');
    // without it, Gmail's reuse of x.7.27 for SPF is not assumed of another server
    const spf = "550 5.7.27 This message was blocked because it didn't pass SPF authentication.";
    expect(providerReason(spf, ['mx.example.net'], '5.7.27')).toBeNull();
    expect(providerReason(`${spf} - gsmtp`, ['mx.example.net'], '5.7.27')).toBe('authfailure');
  });

  it("leaves Gmail's replies that name no cause of Gmail's own to the generic reading", () => {
    const reply = '550 5.1.1 The email account that you tried to reach does not exist. - gsmtp';
    expect(providerReason(reply, ['gmail.com'], '5.1.1')).toBeNull();
    expect(
      reasonFor({
        diag: reply,
        status: '5.1.1',
        reply: '550',
        stage: 'rcpt',
        action: 'failed',
        hosts: ['gmail.com'],
      }),
    ).toBe('userunknown');
    // a Gmail rate limit that blocks rather than limits is a block
    const blocked =
      '421 4.7.28 Gmail has detected an unusual amount of unsolicited email originating from your IP address. To protect our users from spam, email sent from your IP address has been temporarily blocked. - gsmtp';
    expect(providerReason(blocked, ['gmail.com'], '4.7.28')).toBeNull();
  });

  it("reads Mimecast's refusals of the envelope sender by their documented cause", () => {
    const at = (reply: string) => providerReason(reply, ['us-smtp-inbound-1.mimecast.com'], null);
    expect(at('550 DKIM Sender Invalid - envelope rejected')).toBe('authfailure');
    expect(at('550 DMARC Sender Invalid - envelope rejected')).toBe('authfailure');
    expect(at('550 Envelope rejected - block policy for envelope from address')).toBe('rejected');
    expect(at('550 Administrative prohibition envelope blocked')).toBe('rejected');
    expect(at('550 Anti-Spoofing policy - Inbound not allowed')).toBe('policyviolation');
  });

  it('reads Orange and Spectrum code ranges by number', () => {
    expect(providerReason('421 Service refused OFR_990', ['orange.fr'], null)).toBe('ratelimited');
    expect(providerReason('421 Service refused OFR_108', ['orange.fr'], null)).toBeNull();
    expect(providerReason('550 AUP#O-1499', ['charter.net'], null)).toBeNull();
  });

  it("leaves the reporting MTA's own expiry standing over the provider's code of the last attempt", () => {
    const diag = '421 4.7.0 Too many connections, slow down. OFR005_104 [104]';
    expect(
      reasonFor({ diag, status: '4.4.7', reply: '421', stage: null, action: 'failed', hosts: ['orange.fr'] }),
    ).toBe('expired');
  });

  it('gives every provider a source, a domain, and codes only with a format to find them', () => {
    expect(PROVIDERS.filter((p) => !p.source || p.domains.length === 0).map((p) => p.name)).toEqual([]);
    expect(PROVIDERS.filter((p) => !!p.codes !== !!p.codeMark).map((p) => p.name)).toEqual([]);
    expect(new Set(PROVIDERS.map((p) => p.name)).size).toBe(PROVIDERS.length);
  });

  it('reads the recipient domain and the Remote-MTA of a report', () => {
    // Cox's "recipient rejected" is its "not a valid Cox Email account"; elsewhere it names no cause
    const at = (address: string) =>
      classified(
        dsn({ recipients: [{ address, status: '5.1.0', diagnostic: 'smtp; 550 5.1.0 recipient rejected' }] }),
      ).recipients[0].reason;
    expect(at('a@cox.net')).toBe('userunknown');
    expect(at('a@example.net')).not.toBe('userunknown');

    const boundary = 'B0UND';
    const raw = message(
      {
        From: 'MAILER-DAEMON@mx.example.org',
        To: 'bounce@example.org',
        Subject: 'Undelivered Mail Returned to Sender',
        'MIME-Version': '1.0',
        'Content-Type': `multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      },
      [
        `--${boundary}`,
        'Content-Type: text/plain',
        '',
        'I could not deliver your message.',
        `--${boundary}`,
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.org',
        '',
        'Final-Recipient: rfc822; a@hosted.example.com',
        'Action: failed',
        'Status: 5.0.0',
        'Remote-MTA: dns; mx.zoho.com',
        'Diagnostic-Code: smtp; 541 5.4.1 Mail rejected by destination domain',
        `--${boundary}--`,
        '',
      ].join('\n'),
    );
    expect(classified(raw).recipients[0].reason).toBe('rejected');
  });
});

/** A report of `reporting` about one recipient, naming `remote` (or no server) as the one that answered. */
function relayed(reporting: string, remote: string | null, diagnostic: string, status: string): Reason {
  const raw = dsn({ recipients: [{ address: 'reader@example.net', status, diagnostic }] })
    .toString()
    .replace('Reporting-MTA: dns; mx.example.org', `Reporting-MTA: dns; ${reporting}`)
    .replace(/Remote-MTA: dns; mx\.example\.net\r?\n/, remote ? `Remote-MTA: dns; ${remote}\n` : '');
  return classified(Buffer.from(raw)).recipients[0].reason;
}

describe('provider replies, and whose reply it is', () => {
  it("does not read another server's reply by the table of the provider that only reports it", () => {
    // a Tencent or Zoho relay reporting what mx.example.net said
    expect(
      relayed('smtpbg.qq.com', 'mx.example.net', '550 5.7.1 Message rejected as suspected spam', '5.7.1'),
    ).toBe('spamdetected');
    expect(
      relayed(
        'sender.zoho.com',
        'mx.example.net',
        '452 4.3.1 Insufficient system storage; temporary system error',
        '4.3.1',
      ),
    ).toBe('systemfull');
    // …nor when the diagnostic names the host that said it
    expect(
      relayed(
        'smtpbg.qq.com',
        null,
        'host mx.example.net[192.0.2.1] said: 550 5.7.1 Message rejected as suspected spam',
        '5.7.1',
      ),
    ).toBe('spamdetected');
  });

  it("reads the reporting provider's table for a refusal it made itself (no other server named)", () => {
    expect(relayed('smtpbg.qq.com', null, '550 5.7.1 Message rejected as suspected spam', '5.7.1')).toBe(
      'rejected',
    );
  });

  it('lets a decisive status code outrank a provider phrase not documented with it', () => {
    const at = (diag: string, host: string) =>
      reasonFor({
        diag,
        status: enhancedStatusIn(diag),
        reply: '552',
        stage: null,
        action: 'failed',
        hosts: [host],
      });
    expect(at('552 5.2.2 Mailbox full, account disabled for incoming mail', 'secureserver.net')).toBe(
      'mailboxfull',
    );
    expect(at('552 5.2.2 The recipient has exceeded their limit for storage', 'hotmail.com')).toBe(
      'mailboxfull',
    );
    // …but not one the provider documents with that very code (Microsoft's 5.2.122 receive limit)
    expect(
      at(
        '550 5.2.122 The recipient has exceeded their limit for the number of messages they can receive per hour',
        'hotmail.com',
      ),
    ).toBe('ratelimited');
  });

  it("puts a provider's verdict through what the stage and the code class say", () => {
    // a temporary "host or domain name not found" is a lookup that failed, not a missing domain
    const diag =
      'Host or domain name not found. Name service error for name=example.net type=MX: Host not found, try again';
    expect(
      reasonFor({
        diag,
        status: '4.4.3',
        reply: null,
        stage: null,
        action: 'delayed',
        hosts: ['omr-m01.mx.aol.com'],
      }),
    ).toBe('networkerror');
    // "mailbox not found" answering the message is a filter's refusal; at RCPT TO it is the address
    const at = (stage: 'rcpt' | 'data') =>
      reasonFor({
        diag: '550 Mailbox not found.',
        status: null,
        reply: '550',
        stage,
        action: 'failed',
        hosts: ['qq.com'],
      });
    expect(at('data')).toBe('filtered');
    expect(at('rcpt')).toBe('userunknown');
  });
});
