import type { Reason } from '../reasons';

/**
 * Big receiving providers answer with error codes and phrases of their own, documented on their
 * postmaster pages: Cox's "AUP#CXBL", Orange's "OFR_506", Spectrum's "AUP#I-1310", GoDaddy's
 * "IB212", i.ua's "mail.i.ua/err/3/". Such a code names the cause more exactly than the RFC 3463
 * code beside it (Cox and Spectrum write 5.1.0 "sender rejected" whatever the cause) or the
 * generic words around it. A phrase that means one thing at one provider can mean another
 * elsewhere ("recipient rejected" is Cox's "no such account"), so a provider's table is read only
 * when the reply is that provider's: its own code format says so by itself (`codesAlone`), or a
 * host that answered or the recipient's domain is one of the provider's.
 *
 * Tables follow each provider's documentation, mapped to the taxonomy of
 * test/fixtures/bounces/README.md the way Sisimai's v5 rhost tables (sisimai/go-sisimai `rhost/`)
 * map them; none is taken from a corpus sample.
 */
export interface ProviderCode {
  /** The code as the provider writes it (case-insensitive), or a numeric range "1020-1080". */
  readonly code: string;
  readonly reason: Reason;
  readonly meaning: string;
}

export interface ProviderPhrase {
  readonly pattern: RegExp;
  readonly reason: Reason;
  readonly meaning: string;
  /** Only under this enhanced status code (the provider documents the phrase with it). */
  readonly status?: RegExp;
  /**
   * Status codes the provider documents the phrase with, for a cause RFC 3463 gives the code
   * another meaning for (Gmail's x.7.23, RFC 7372's SPF failure, for a missing PTR record): under
   * one of them the phrase outranks the code's own meaning, as a `status` gate does.
   */
  readonly documentedWith?: RegExp;
}

export interface Provider {
  readonly name: string;
  /** Domains of the provider's mail hosts and of its users' addresses: a host matches one or a subdomain. */
  readonly domains: readonly string[];
  /** Where the provider's code appears in a reply; group 1 is the code looked up in `codes`. */
  readonly codeMark?: RegExp;
  /** The code format is the provider's alone: finding it recognises the provider without a host. */
  readonly codesAlone?: true;
  /**
   * A mark the provider documents writing into its own replies (Gmail's "gsmtp", a link to the
   * provider's page of error codes): finding it recognises the provider without a host.
   */
  readonly signature?: RegExp;
  readonly codes?: readonly ProviderCode[];
  /** Read after the codes, in order: the first that matches decides. */
  readonly phrases?: readonly ProviderPhrase[];
  readonly source: string;
}

export const PROVIDERS: readonly Provider[] = [
  {
    name: 'cox',
    domains: ['cox.net'],
    codeMark: /\bAUP#((?:CX|CD)[A-Z]+|IPBL\d+|URLBL\d+)\b/i,
    codesAlone: true,
    codes: [
      { code: 'CXBL', reason: 'blocked', meaning: 'sending IP blocked for spam-like behaviour' },
      { code: 'CDRBL', reason: 'blocked', meaning: 'sending IP temporarily blocked (up to 24 h)' },
      { code: 'CXDNS', reason: 'requireptr', meaning: 'reverse DNS lookup of the sending IP fails' },
      { code: 'CXSNDR', reason: 'authfailure', meaning: "sender domain's SPF/DomainKeys/DKIM check failed" },
      { code: 'CXSMTP', reason: 'rejected', meaning: 'SMTP violation: not a verifiable legitimate sender' },
      { code: 'CXCNCT', reason: 'ratelimited', meaning: 'too many concurrent connections from the IP' },
      { code: 'CXMXRT', reason: 'ratelimited', meaning: 'too many recipients: wait before sending more' },
      { code: 'CXTHRT', reason: 'securityerror', meaning: 'sending limited for suspicious account activity' },
      { code: 'CXMJ', reason: 'securityerror', meaning: 'sending blocked for suspicious account activity' },
      ...[
        'IPBL0001',
        'IPBL0010',
        'IPBL0011',
        'IPBL0100',
        'IPBL0101',
        'IPBL0110',
        'IPBL0111',
        'IPBL1000',
        'IPBL1001',
        'IPBL1010',
        'IPBL1011',
        'IPBL1100',
        'IPBL1101',
        'IPBL1110',
        'IPBL1111',
        'IPBL00001',
      ].map((code) => ({
        code,
        reason: 'blocked' as const,
        meaning: 'sending IP on a DNSBL (Spamhaus, Return Path, ivmSIP, Cloudmark CSI)',
      })),
      ...['URLBL011', 'URLBL101', 'URLBL110', 'URLBL1001'].map((code) => ({
        code,
        reason: 'spamdetected' as const,
        meaning: 'a URL in the body is on a URI blocklist (SURBL, Spamhaus DBL, ivmURI)',
      })),
    ],
    phrases: [
      { pattern: /too many bad commands from/i, reason: 'blocked', meaning: 'bad commands: 3-hour IP block' },
      { pattern: /too many invalid recipients/i, reason: 'blocked', meaning: 'invalid-recipient threshold' },
      {
        pattern: /dns check failure - try again later|rejected - no rdns/i,
        reason: 'requireptr',
        meaning: 'no PTR',
      },
      {
        pattern: /esmtp no data before greeting|attachment extension is forbidden/i,
        reason: 'policyviolation',
        meaning: 'talked before the greeting; forbidden attachment type',
      },
      {
        pattern: /esmtp server temporarily not available/i,
        reason: 'systemerror',
        meaning: 'Cox-side issue',
      },
      {
        pattern:
          /too many sessions from|requested action aborted: try again later|message threshold exceeded/i,
        reason: 'ratelimited',
        meaning: 'connection or message rate limits',
      },
      { pattern: /recipient rejected/i, reason: 'userunknown', meaning: 'not a valid Cox Email account' },
      {
        pattern: /sender rejected/i,
        reason: 'rejected',
        meaning: 'sender domain has no valid MX or A record',
      },
    ],
    source: 'https://www.cox.com/business/support/email-error-codes.html',
  },
  {
    name: 'spectrum',
    domains: ['charter.net', 'spectrum.net'],
    // "AUP#I-1000" (incoming), "AUP#O-1000" (outgoing), written also "AUP#In-1310", "AUP#Out-…"
    codeMark: /\bAUP#[IO][a-z]*-?(\d{4})\b/i,
    codesAlone: true,
    codes: [
      { code: '1000', reason: 'blocked', meaning: 'IP blocked for suspicious activity' },
      { code: '1010', reason: 'rejected', meaning: 'account blocked from sending for suspicious activity' },
      { code: '1020-1080', reason: 'rejected', meaning: 'account has limited access to send' },
      { code: '1090', reason: 'systemerror', meaning: "the email can't be processed: try later" },
      { code: '1100-1150', reason: 'requireptr', meaning: 'no full-circle (reverse) DNS for the IP' },
      { code: '1160-1190', reason: 'policyviolation', meaning: "against the domain's security policies" },
      { code: '1200-1210', reason: 'blocked', meaning: 'IP flagged by Cloudmark CSI' },
      { code: '1220-1250', reason: 'blocked', meaning: 'IP listed by Spamhaus' },
      { code: '1260', reason: 'networkerror', meaning: 'IPv6 not accepted: connect over IPv4' },
      { code: '1300-1340', reason: 'ratelimited', meaning: 'too many (concurrent) connections' },
      {
        code: '1350-1490',
        reason: 'ratelimited',
        meaning: 'limits on messages, recipients, invalid recipients',
      },
      { code: '1500', reason: 'rejected', meaning: 'sending as another address than signed in with' },
      { code: '1520', reason: 'rejected', meaning: 'sending as a domain not hosted by Spectrum' },
      { code: '1530', reason: 'emailtoolarge', meaning: 'larger than the 20 MB maximum' },
      { code: '1540', reason: 'ratelimited', meaning: 'too many messages in one session' },
      { code: '1550', reason: 'ratelimited', meaning: 'too many recipients in one message' },
      { code: '1560', reason: 'policyviolation', meaning: 'too many invalid recipients' },
      { code: '1580', reason: 'ratelimited', meaning: 'too many recipients in a short period' },
    ],
    source: 'https://www.spectrum.net/support/internet/understanding-email-error-codes',
  },
  {
    name: 'orange',
    // Orange and Wanadoo (France Télécom), and La Poste's laposte.net
    domains: ['orange.fr', 'wanadoo.fr', 'laposte.net'],
    // "OFR_416", "OFR005_505", "LPN007_426", "LPNAAA_101", "LPN416", "OUK_513": the last 3 digits
    codeMark: /\b(?:LPNAAA|LPN|OFR|OUK)(?:\d{3})?[_-]?(\d{3})\b/i,
    codesAlone: true,
    codes: [
      {
        code: '100-103',
        reason: 'blocked',
        meaning: 'sending IP on Abusix, Spamhaus, Cloudmark or Orange lists',
      },
      { code: '104', reason: 'ratelimited', meaning: 'too many simultaneous connections' },
      { code: '107', reason: 'requireptr', meaning: 'sending IP has no PTR record' },
      { code: '109', reason: 'ratelimited', meaning: 'too many messages per connection' },
      { code: '200-209', reason: 'blocked', meaning: 'invalid HELO/EHLO' },
      { code: '305', reason: 'securityerror', meaning: 'invalid authentication code' },
      { code: '390-399', reason: 'authfailure', meaning: "sender domain's SPF error" },
      { code: '401', reason: 'authfailure', meaning: 'SPF: not allowed to send mail' },
      { code: '402', reason: 'securityerror', meaning: 'authentication required' },
      { code: '403', reason: 'rejected', meaning: 'invalid sender' },
      { code: '405', reason: 'rejected', meaning: "sender domain's DNS: no valid A or MX" },
      { code: '415', reason: 'rejected', meaning: 'invalid sender' },
      { code: '416', reason: 'userunknown', meaning: "user doesn't exist here" },
      { code: '417', reason: 'mailboxfull', meaning: 'recipient over quota' },
      { code: '420', reason: 'suspend', meaning: 'archived recipient' },
      { code: '421', reason: 'rejected', meaning: 'mail from not owned by user' },
      { code: '425', reason: 'rejected', meaning: 'sender domain blacklisted (Abusix, Spamhaus)' },
      { code: '426', reason: 'suspend', meaning: 'recipient account blocked' },
      { code: '505', reason: 'systemerror', meaning: 'service refused, try later (after DATA)' },
      { code: '506', reason: 'spamdetected', meaning: 'message blocked: suspected spam' },
      { code: '510', reason: 'blocked', meaning: 'service refused (after DATA)' },
      { code: '514', reason: 'emailtoolarge', meaning: 'message size limit reached' },
      { code: '515', reason: 'authfailure', meaning: 'DMARC failed: rejected by the DMARC policy' },
      { code: '517', reason: 'authfailure', meaning: 'DMARC verification failed' },
      { code: '519', reason: 'authfailure', meaning: 'sending IP not authorised by the SPF record' },
      { code: '630', reason: 'policyviolation', meaning: 'client host rejected' },
      { code: '990-999', reason: 'ratelimited', meaning: 'rate limited for bad behaviour' },
    ],
    phrases: [
      {
        pattern: /spf\/dns de votre nom de domaine/i,
        reason: 'authfailure',
        meaning: 'invalid sender: SPF check failed',
      },
    ],
    source:
      'https://postmaster.orange.fr/ ; https://www.postmastery.com/orange-postmaster-smtp-error-codes-ofr/',
  },
  {
    name: 'godaddy',
    domains: ['secureserver.net'],
    codeMark: /\b(IB\d{3})\b/,
    codes: [
      { code: 'IB401', reason: 'securityerror', meaning: 'authentication not allowed on inbound servers' },
      { code: 'IB501', reason: 'notcompliantrfc', meaning: 'blank From: address' },
      { code: 'IB502', reason: 'notcompliantrfc', meaning: 'an IP address as the From: address' },
      { code: 'IB506', reason: 'rejected', meaning: 'From: domain invalid (no MX, no A)' },
      { code: 'IB508', reason: 'authfailure', meaning: 'SPF does not authorise the sending server' },
      { code: 'IB108', reason: 'requireptr', meaning: 'reverse DNS for this IP failed' },
      { code: 'IB212', reason: 'spamdetected', meaning: 'content judged to be spam' },
      { code: 'IB705', reason: 'virusdetected', meaning: 'virus infected message' },
      { code: 'IB605', reason: 'ratelimited', meaning: 'too many recipients' },
      { code: 'IB007', reason: 'ratelimited', meaning: 'too many sessions from this IP' },
      { code: 'IB101', reason: 'ratelimited', meaning: 'higher than normal volume: try later' },
      { code: 'IB110', reason: 'blocked', meaning: 'IP blocked for an hour: spam content' },
      { code: 'IB111', reason: 'blocked', meaning: 'IP blocked for the day: spam content' },
      { code: 'IB112', reason: 'blocked', meaning: 'IP blocked for an hour: invalid recipients' },
      { code: 'IB113', reason: 'blocked', meaning: 'IP blocked for the day: invalid recipients' },
      { code: 'IB504', reason: 'ratelimited', meaning: 'too many messages this hour' },
      { code: 'IB510', reason: 'ratelimited', meaning: 'too many messages in the session' },
      { code: 'IB607', reason: 'ratelimited', meaning: 'too many recipients this hour' },
      { code: 'IB103', reason: 'badreputation', meaning: 'poor reputation on Cloudmark Sender Intelligence' },
      { code: 'IB104', reason: 'blocked', meaning: 'listed on the Spamhaus SBL' },
      { code: 'IB105', reason: 'blocked', meaning: 'listed on the Spamhaus XBL' },
      { code: 'IB106', reason: 'blocked', meaning: 'listed on the Spamhaus PBL' },
    ],
    phrases: [
      {
        pattern: /\brbl reject\b|spamhaus\.org\/query\/bl\?ip=/i,
        reason: 'blocked',
        meaning: 'internal RBL',
      },
      {
        pattern: /has been in the queue too long|delivery timeout/i,
        reason: 'expired',
        meaning: 'gave up retrying',
      },
      { pattern: /account storage limit/i, reason: 'mailboxfull', meaning: 'recipient at its storage limit' },
      {
        pattern: /message rejected for spam or virus content/i,
        reason: 'spamdetected',
        meaning: 'caught by the spam filters',
      },
      { pattern: /account disabled/i, reason: 'suspend', meaning: 'recipient cannot receive mail' },
      {
        pattern: /message is looping/i,
        reason: 'systemerror',
        meaning: "forwarding loop on the recipient's side",
      },
      {
        pattern: /recipient not found|account does not exist/i,
        reason: 'userunknown',
        meaning: 'not a valid address',
      },
    ],
    source: 'https://www.godaddy.com/help/fix-rejected-email-with-a-bounce-error-40685',
  },
  {
    name: 'iua',
    domains: ['i.ua', 'email.ua'],
    // every refusal links its explanation page: "See http://mail.i.ua/err/3/"
    codeMark: /\bmail\.i\.ua\/err\/(\d{1,2})\b/i,
    codesAlone: true,
    codes: [
      { code: '1', reason: 'norelaying', meaning: 'SMTP as a mail gate is forbidden' },
      { code: '2', reason: 'userunknown', meaning: 'user not found' },
      { code: '3', reason: 'suspend', meaning: 'mailbox unused for over 3 months (frozen)' },
      { code: '4', reason: 'mailboxfull', meaning: 'mailbox full' },
      { code: '5', reason: 'ratelimited', meaning: 'sending limit exceeded' },
      { code: '6', reason: 'norelaying', meaning: "use your provider's SMTP" },
      { code: '7', reason: 'blocked', meaning: 'wrong HELO/EHLO' },
      { code: '8', reason: 'rejected', meaning: "couldn't check the sender address" },
      { code: '9', reason: 'blocked', meaning: 'sending IP blacklisted' },
      { code: '10', reason: 'filtered', meaning: "not in the recipient's address list" },
    ],
    source: 'https://mail.i.ua/err/<code>/',
  },
  {
    name: 'tencent',
    domains: ['qq.com', 'foxmail.com', 'exmail.qq.com'],
    phrases: [
      { pattern: /\b(?:spf|dmarc) check failed/i, reason: 'authfailure', meaning: 'SPF or DMARC failed' },
      {
        pattern: /suspected bounce attacks|suspected spam ip|connection denied/i,
        reason: 'blocked',
        meaning: 'sending IP refused',
      },
      { pattern: /message too large/i, reason: 'emailtoolarge', meaning: 'message too large' },
      {
        pattern: /spam is embedded in the email|mail content denied/i,
        reason: 'spamdetected',
        meaning: 'content refused as spam',
      },
      {
        pattern: /suspected spam|mail is rejected by recipients/i,
        reason: 'rejected',
        meaning: 'sender refused',
      },
      {
        pattern:
          /mailbox unavailable or access deni?ned|frequency of receiving messages is limited|\b(?:ip|domain|sender|connection) frequency limited/i,
        reason: 'ratelimited',
        meaning: 'frequency limits',
      },
      { pattern: /is a deactivated mailbox/i, reason: 'suspend', meaning: 'deactivated mailbox' },
      { pattern: /bad address syntax/i, reason: 'syntaxerror', meaning: 'bad address syntax' },
      { pattern: /mailbox not found/i, reason: 'userunknown', meaning: 'no such mailbox' },
    ],
    source: 'https://service.mail.qq.com/detail/122',
  },
  {
    name: 'zoho',
    domains: ['zoho.com', 'zohomail.com', 'zoho.eu', 'zoho.in', 'zoho.com.au', 'zoho.jp', 'zohomail.eu'],
    phrases: [
      { pattern: /email rejected per dmarc policy/i, reason: 'authfailure', meaning: 'DMARC policy' },
      { pattern: /greylisted, try again after some time/i, reason: 'blocked', meaning: 'greylisted' },
      {
        pattern:
          /email cannot be delivered\. reason: email flagged as spam|mail rejected by destination domain/i,
        reason: 'rejected',
        meaning: 'sender refused by the destination',
      },
      {
        pattern: /email policy violation detected|mailbox delivery restricted by policy error/i,
        reason: 'policyviolation',
        meaning: 'policy',
      },
      { pattern: /temporary system error/i, reason: 'systemerror', meaning: '452 4.3.1' },
      { pattern: /user does not exist/i, reason: 'userunknown', meaning: 'no such user' },
      { pattern: /detected by zoho mail/i, reason: 'virusdetected', meaning: 'virus detected' },
    ],
    source: 'https://www.zoho.com/mail/help/spam-reason.html ; https://smtpfieldmanual.com/provider/zoho',
  },
  {
    name: 'aol',
    // AOL's outbound relays report their own DNS failures
    domains: ['mail.aol.com', 'mx.aol.com'],
    phrases: [
      { pattern: /host or domain name not found/i, reason: 'hostunknown', meaning: 'no such domain' },
      {
        pattern: /type=MX: malformed or unexpected name server reply/i,
        reason: 'notaccept',
        meaning: "the domain's MX answer is unusable",
      },
    ],
    source: 'sisimai/go-sisimai rhost/for-aol.go',
  },
  {
    name: 'cloudflare',
    domains: ['mx.cloudflare.net'],
    phrases: [
      { pattern: /found on one or more DNSBLs/i, reason: 'blocked', meaning: 'sending IP on a DNSBL' },
      { pattern: /upstream error/i, reason: 'systemerror', meaning: 'the forwarding destination failed' },
    ],
    source: 'https://developers.cloudflare.com/email-routing/postmaster/',
  },
  {
    name: 'microsoft',
    domains: [
      'protection.outlook.com',
      'prod.outlook.com',
      'onmicrosoft.com',
      'exchangelabs.com',
      'outlook.com',
      'hotmail.com',
      'live.com',
      'msn.com',
    ],
    // Outlook.com's own codes: "550 SC-001 (BAY004-MC1F30) Unfortunately, messages from … weren't sent"
    codeMark: /\b((?:RP|SC|DY|OU)-00\d)\b/,
    codes: [
      { code: 'RP-001', reason: 'badreputation', meaning: 'rate limit for IP/domain reputation' },
      { code: 'RP-002', reason: 'badreputation', meaning: 'per-connection rate limit for reputation' },
      { code: 'RP-003', reason: 'badreputation', meaning: 'connection limit for reputation' },
      { code: 'SC-001', reason: 'badreputation', meaning: 'policy: spam-like content or reputation' },
      { code: 'SC-002', reason: 'policyviolation', meaning: 'namespace mining' },
      { code: 'SC-003', reason: 'blocked', meaning: 'the IP looks like an open proxy/relay' },
      { code: 'SC-004', reason: 'blocked', meaning: 'complaints about mail from the IP' },
      { code: 'DY-001', reason: 'blocked', meaning: 'dynamic IP' },
      { code: 'DY-002', reason: 'virusdetected', meaning: 'compromised or virus infected sender' },
      { code: 'OU-001', reason: 'blocked', meaning: 'IP listed by Spamhaus' },
      { code: 'OU-002', reason: 'badreputation', meaning: 'spam-like content or reputation' },
    ],
    // Exchange Online's NDR texts for the 5.7.5xx-7xx "Access denied" family and its limits
    phrases: [
      {
        pattern:
          /must pass either spf or dkim validation|sender policy framework violation|does not pass dmarc verification|doesn't meet the required authentication level/i,
        reason: 'authfailure',
        meaning: '4.7.26, 5.7.23, 5.7.509, 5.7.515',
      },
      {
        pattern: /temporarily rate limited due to ip reputation/i,
        reason: 'badreputation',
        meaning: '4.7.650',
      },
      {
        pattern:
          /access denied, (?:bad helo|rejected by recipient|banned sending ip|banned sender)|does not accept email over ipv6|using customer block list|part of their network is on our block list/i,
        reason: 'blocked',
        meaning: '5.7.506, 5.7.507, 5.7.510, 5.7.511, 5.7.513, 5.7.606-649, S3150',
      },
      {
        pattern: /access denied, please try again later/i,
        status: /^4\.7\.(?:[56]\d\d|8[5-9]\d)$/,
        reason: 'blocked',
        meaning: '4.7.500-699, 4.7.850-899: suspicious activity, sending restricted for now',
      },
      {
        pattern:
          /failed mta-sts validation|starttls is required to send mail|\b(?:starttls-not-supported|certificate-expired|tlsa-invalid|dnssec-invalid|certificate-host-mismatch):/i,
        reason: 'failedstarttls',
        meaning: '4/5.4.8, 4/5.4.317, 4/5.7.5, 5.7.321-325: TLS, MTA-STS, DANE',
      },
      {
        pattern:
          /access denied, spam abuse detected|client blocked from sending from unregistered domains|sender (?:was )?not authenticated (?:by organization|for group|for mailbox|for public folder)|sender not in allowed-senders list/i,
        reason: 'rejected',
        meaning: '5.7.501-503, 5.7.750, 5.7.12, 5.7.133-136, 5.7.124',
      },
      {
        pattern: /client was not authenticated to send anonymous mail during mail from/i,
        reason: 'securityerror',
        meaning: '5.7.57',
      },
      {
        pattern: /content filter agent quarantined this message/i,
        reason: 'spamdetected',
        meaning: '5.2.1',
      },
      {
        pattern:
          /recipient thread limit exceeded|has exceeded the maximum number of connections|reached your daily limit for message recipients|has exceeded permitted limits within/i,
        reason: 'ratelimited',
        meaning: '4.3.2, 4.7.652, 5.1.90, 5.7.508',
      },
      {
        // codes RFC 3463 and our status table read otherwise: x.2.2 a full mailbox, 5.7.705 and
        // 5.7.708 a bad reputation; Microsoft documents this phrase and the next with them as limits
        pattern: /submission quota exceeded/i,
        reason: 'ratelimited',
        documentedWith: /^5\.2\.2$/,
        meaning: '5.2.2: the sender is over its sending quota',
      },
      {
        pattern:
          /recipient's per hour message receive limit|the recipient has exceeded their limit for|tenant has exceeded threshold|traffic not accepted from this ip/i,
        reason: 'ratelimited',
        documentedWith: /^5\.2\.12[12]$|^5\.7\.7[0-4]\d$/,
        meaning: '5.2.121, 5.2.122, 5.7.700-749',
      },
      { pattern: /access denied, banned recipient/i, reason: 'suspend', meaning: '5.7.505' },
      {
        pattern: /recipient address rejected: access denied/i,
        status: /^5\.7\.504$/,
        reason: 'suspend',
        meaning: '5.7.504: the recipient is not valid any more',
      },
      {
        pattern: /hosted tenant which has no mail-enabled subscriptions/i,
        reason: 'notaccept',
        meaning: '4.4.4',
      },
      {
        pattern:
          /message failed to be replicated|\(suspiciousremoteservererror\)|server busy\. please try again later from|pfa agent busy, please try again/i,
        reason: 'systemerror',
        meaning: '4.4.22-28, 4/5.4.318, 4.7.500, 4.7.700: the server side failed',
      },
      {
        pattern: /delivery not authorized, message refused/i,
        status: /^5\.7\.9\d\d$/,
        reason: 'policyviolation',
        meaning: '5.7.900-999: refused by a mail flow (transport) rule',
      },
    ],
    source:
      'https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/non-delivery-reports-in-exchange-online/non-delivery-reports-in-exchange-online ; https://sendersupport.olc.protection.outlook.com/pm/troubleshooting.aspx',
  },
  {
    name: 'google',
    domains: ['google.com', 'gmail.com', 'googlemail.com'],
    // "gsmtp (Google SMTP) is added to all errors"; "gcdp" to those of an administrator's own rule
    signature: /\bgsmtp\b/i,
    // Gmail reuses codes the RFCs give other meanings (x.2.1 for a rate, x.7.23 for a PTR record,
    // x.7.27 and x.7.30 for SPF and DKIM, x.7.29 for TLS), and its words name the cause
    phrases: [
      {
        pattern: /does(?: not|n'?t) have a ptr record/i,
        reason: 'requireptr',
        documentedWith: /^[45]\.7\.(?:0|23|25)$/,
        meaning: '4.7.0, 4.7.23, 5.7.25: no PTR record for the sending IP, or it does not match',
      },
      {
        pattern:
          /\b(?:spf|dkim) authentication didn'?t pass|didn'?t pass (?:spf|dkim) authentication|fails to pass spf checks/i,
        reason: 'authfailure',
        documentedWith: /^[45]\.7\.(?:26|27|30)$/,
        meaning: '4.7.27, 5.7.27, 4.7.30, 5.7.30, 5.7.26: SPF or DKIM did not pass',
      },
      {
        pattern: /not using a tls connection|wasn'?t sent over a tls connection/i,
        reason: 'failedstarttls',
        documentedWith: /^[45]\.7\.29$/,
        meaning: '4.7.29, 5.7.29: bulk senders must use TLS',
      },
      {
        pattern:
          /is not rfc 5322 compliant|encoded-word syntax is not permitted in message header|unicode character in a disallowed header/i,
        reason: 'notcompliantrfc',
        meaning: '5.7.1: duplicate, missing or malformed headers',
      },
      {
        pattern: /its content presents a potential security issue/i,
        reason: 'virusdetected',
        meaning: '5.7.0: a file type Gmail blocks to keep viruses out',
      },
      {
        pattern:
          /receiving (?:e-?mail|mail) (?:too quickly|at a rate that prevents additional messages)|exceeded the quota for sending messages that have the same message-id|unusual rate of (?:unsolicited )?e-?mail(?:(?!blocked).)*rate limited/i,
        reason: 'ratelimited',
        meaning: '4.2.1, 5.2.1, 4.7.28: the recipient or the sender is over a rate',
      },
      {
        pattern:
          /username and password not accepted|application-specific password required|please log in (?:through|with) your web browser/i,
        reason: 'securityerror',
        meaning: '5.7.8, 5.7.9, 5.7.14: authentication refused',
      },
      {
        pattern: /has a policy that prohibits the email that you sent|\bgcdp\b/i,
        reason: 'policyviolation',
        meaning: "5.7.1: the domain's policy, or a rule its administrator made (gcdp)",
      },
    ],
    source:
      'https://support.google.com/a/answer/3726730 (Gmail SMTP errors and codes) ; https://support.google.com/a/answer/81126 (Email sender guidelines)',
  },
  {
    name: 'yahoo',
    domains: [
      'yahoo.com',
      'yahoodns.net',
      'ymail.com',
      'rocketmail.com',
      'yahoo.co.uk',
      'yahoo.fr',
      'yahoo.de',
      'yahoo.es',
      'yahoo.it',
      'yahoo.ca',
      'yahoo.com.br',
    ],
    // a reply links the section of the Sender Hub page that explains it
    // ("See https://senders.yahooinc.com/smtp-error-codes#authentication-failures")
    codeMark: /\bsenders\.yahooinc\.com\/smtp-error-codes\/?#([a-z-]+)/i,
    codesAlone: true,
    // …and every refusal links the page: "see https://postmaster.yahooinc.com/error-codes"
    signature: /\b(?:postmaster|senders)\.yahooinc\.com\/(?:smtp-)?error-codes\b/i,
    codes: [
      { code: 'dmarc-fail', reason: 'authfailure', meaning: "failed the sending domain's DMARC policy" },
      { code: 'authentication-failures', reason: 'authfailure', meaning: 'failed SPF or DKIM checks' },
      {
        code: 'rfc-compliance-failures',
        reason: 'notcompliantrfc',
        meaning: 'headers or MIME not compliant',
      },
      {
        code: 'invalid-from',
        reason: 'rejected',
        meaning: 'the MAIL FROM or header From domain is not valid',
      },
      { code: 'unresolvable-from-domain', reason: 'rejected', meaning: 'no SOA for the sender domain' },
      { code: 'user-complaints', reason: 'badreputation', meaning: 'excessive user complaints' },
      { code: 'unsolicited-messages', reason: 'blocked', meaning: 'IP sends unsolicited bulk volume' },
      { code: 'unknown-recipients', reason: 'blocked', meaning: 'IP sends to many invalid recipients' },
      { code: 'ph-errors', reason: 'policyviolation', meaning: 'content Yahoo refuses by policy' },
      { code: 'resources-temporarily-unavailable', reason: 'systemerror', meaning: 'Yahoo servers busy' },
      { code: 'other-policy-errors', reason: 'policyviolation', meaning: 'null MX, big headers, bad dates…' },
    ],
    phrases: [
      {
        // [TS03], [TSS09]: the sending IP, whatever the command it answered
        pattern: /\ball messages from \S+ (?:will be )?permanently deferred/i,
        reason: 'blocked',
        meaning: 'unusual traffic, complaints or volume from the IP',
      },
      {
        pattern: /unresolvable rfc\.?532[12] from domain/i,
        reason: 'rejected',
        meaning: 'the MAIL FROM or header From domain has no SOA',
      },
      {
        pattern: /\bresources temporarily unavailable\b/i,
        reason: 'systemerror',
        meaning: 'Yahoo servers busy at connection time',
      },
    ],
    source:
      'https://senders.yahooinc.com/smtp-error-codes/ ; https://help.yahoo.com/kb/SLN3436.html ([TS03])',
  },
  {
    name: 'mimecast',
    domains: ['mimecast.com', 'mimecast.co.za'],
    // a Mimecast refusal links its code list: "https://community.mimecast.com/docs/DOC-1369#550"
    signature: /\bcommunity\.mimecast\.com\/(?:docs\/DOC-1369|s\/article\/[\w-]*SMTP-Error-Codes)/i,
    // read in order: the sender-authentication refusals end in the same "envelope rejected" as a
    // block of the envelope sender
    phrases: [
      {
        pattern: /\b(?:spf|dkim|dmarc) sender invalid - envelope rejected/i,
        reason: 'authfailure',
        meaning: '550: the SPF, DKIM or DMARC check of the sender failed',
      },
      {
        pattern:
          /envelope rejected - block policy for envelope from address|administrative prohibition envelope blocked|envelope blocked - user (?:domain )?entry|rejected by header[- ]based (?:manually )?blocked senders/i,
        reason: 'rejected',
        meaning: "550: the sender is on a Blocked Senders policy or the user's block list",
      },
      {
        pattern: /anti-spoofing policy|content examination policy|host network,? not allowed/i,
        reason: 'policyviolation',
        meaning: '550/554: Anti-Spoofing, Content Examination or Geographical Restriction policy',
      },
      {
        pattern: /local ct ip reputation|internal resources? (?:is |are )?temporarily unavailable/i,
        reason: 'badreputation',
        meaning: '550, 451: poor IP reputation (or greylisting while it is checked)',
      },
      {
        pattern:
          /sender address blocked|recipient temporarily unavailable|ip temporarily blacklisted|ip in blocked list/i,
        reason: 'blocked',
        meaning: '421, 451: the sending IP is blocked',
      },
      {
        pattern: /maximum email size exceeded/i,
        reason: 'emailtoolarge',
        meaning: '554',
      },
      {
        pattern:
          /this route requires (?:encryption|tls version|high-strength ciphers)|configuration is invalid for this certificate/i,
        reason: 'failedstarttls',
        meaning: '553, 554: TLS required by a Secure Receipt policy',
      },
      { pattern: /open relay (?:is )?not allowed/i, reason: 'norelaying', meaning: '451' },
      { pattern: /account inbounds disabled/i, reason: 'notaccept', meaning: '451: inbound mail disabled' },
      {
        pattern: /mail loop detected|incorrect hostname used for inbounds/i,
        reason: 'networkerror',
        meaning: '554: more than 25 hops; 451/550: MX points at an outbound host',
      },
      {
        pattern: /account service is temporarily unavailable|exceeding outbound thread limit/i,
        reason: 'ratelimited',
        meaning: '451, 550: too many concurrent connections',
      },
      {
        pattern: /incorrect authentication data|submitter failed to authenticate/i,
        reason: 'securityerror',
        meaning: '535, 550: SMTP authentication failed',
      },
      {
        pattern: /unable to process (?:connection|command|an? email)(?: at this time)?|message ended early/i,
        reason: 'systemerror',
        meaning: '421, 451: Mimecast under load, or the message cut short',
      },
      {
        pattern: /email rejected due to security policies/i,
        reason: 'virusdetected',
        meaning: '554: a virus signature (or a spam score over the maximum)',
      },
      {
        // recipient validation (known recipients, LDAP, call forwarding) runs at RCPT TO
        pattern: /\binvalid recipient\b/i,
        reason: 'userunknown',
        meaning: '550: not a valid internal recipient',
      },
    ],
    source:
      'https://community.mimecast.com/s/article/Mimecast-SMTP-Error-Codes-842605754 ; https://mimecastsupport.zendesk.com/hc/en-us/articles/34000709564691-Policies-Mimecast-SMTP-Error-Codes',
  },
  {
    name: 'yandex',
    domains: [
      'yandex.ru',
      'yandex.com',
      'yandex.net',
      'ya.ru',
      'yandex.ua',
      'yandex.by',
      'yandex.kz',
      'narod.ru',
    ],
    phrases: [
      {
        // Yandex writes "550 5.7.1 No such user!": a code of policy for an address it does not have
        pattern: /\bno such user\b|\bno correct recipients\b|need fully-qualified address/i,
        reason: 'userunknown',
        meaning: 'the address does not exist',
      },
      {
        pattern: /blocked by spam statistics/i,
        reason: 'blocked',
        meaning: 'a sender of only spam is refused for 24 hours',
      },
      {
        pattern: /policy rejection on the target address/i,
        reason: 'suspend',
        meaning: "the recipient's account is blocked for breaking the User Agreement",
      },
    ],
    source: 'https://yandex.com/support/mail/bounces/yandex.html (Report on non-delivery to Yandex)',
  },
  {
    name: 'comcast',
    domains: ['comcast.net'],
    // "554 … comcast 192.0.2.1 Comcast block for spam. Please see …#BL000000": the refusal's code
    // names the list the IP is on (BL…) or a dynamic/residential IP (ES…)
    codeMark: /\b(ES|BL)\d{3,6}\b/,
    codes: [
      { code: 'ES', reason: 'blocked', meaning: 'sent from dynamic/residential IP space' },
      {
        code: 'BL',
        reason: 'blocked',
        meaning: 'IP on Spamhaus, Cloudmark CSI, SenderScore, or sends like spam',
      },
    ],
    phrases: [
      {
        pattern: /too many sessions opened/i,
        reason: 'ratelimited',
        meaning: 'too many simultaneous connections',
      },
      { pattern: /reverse dns failure/i, reason: 'requireptr', meaning: 'the sending IP has no valid rDNS' },
    ],
    source:
      'http://postmaster.comcast.net/mail-error-codes.aspx ; https://www.xfinity.com/support/articles/email-errors',
  },
];

/** What the named provider's own table gives for a reply known to be its own (a family's layout says so). */
export function documentedReason(name: string, text: string, status: string | null): Reason | null {
  const provider = PROVIDERS.find((p) => p.name === name);
  return provider ? (verdictIn(provider, text, status)?.reason ?? null) : null;
}

/** Whether `host` is one of the named provider's mail hosts. */
export function isProviderHost(name: string, host: string): boolean {
  return PROVIDERS.some((p) => p.name === name && p.domains.some((d) => isWithin(host, d)));
}

/** The reason the answering provider's own table gives, or null when no provider or rule claims it. */
export function providerReason(text: string, hosts: readonly string[], status: string | null): Reason | null {
  return providerVerdict(text, hosts, status)?.reason ?? null;
}

export interface ProviderVerdict {
  readonly reason: Reason;
  /**
   * The verdict is tied to the reply's exact code: one of the provider's own codes, or a phrase it
   * documents with the enhanced status code given (`ProviderPhrase.status`). A phrase without
   * that tie is read as the provider's words only, which a decisive RFC 3463 code outranks.
   */
  readonly byCode: boolean;
}

/** The answering provider's verdict on a reply, and whether a code of the reply backs it. */
export function providerVerdict(
  text: string,
  hosts: readonly string[],
  status: string | null,
): ProviderVerdict | null {
  const provider = providerOf(text, hosts);
  return provider ? verdictIn(provider, text, status) : null;
}

/**
 * Whose reply this is: a provider whose code format or signature is its alone and appears in the
 * text, else the first of `hosts` (most trusted first) that is a provider's, else a host the text names.
 */
export function providerOf(text: string, hosts: readonly string[]): Provider | null {
  for (const p of PROVIDERS) {
    if ((p.codesAlone && p.codeMark?.test(text)) || p.signature?.test(text)) return p;
  }
  for (const host of [...hosts, ...namedHosts(text)]) {
    const p = PROVIDERS.find((q) => q.domains.some((d) => isWithin(host, d)));
    if (p) return p;
  }
  return null;
}

function verdictIn(p: Provider, text: string, status: string | null): ProviderVerdict | null {
  const code = p.codeMark?.exec(text)?.[1];
  const entry = code ? p.codes?.find((c) => codeMatches(c.code, code)) : undefined;
  if (entry) return { reason: entry.reason, byCode: true };
  for (const phrase of p.phrases ?? []) {
    if (phrase.status && !phrase.status.test(status ?? '')) continue;
    if (!phrase.pattern.test(text)) continue;
    return { reason: phrase.reason, byCode: !!phrase.status || !!phrase.documentedWith?.test(status ?? '') };
  }
  return null;
}

function codeMatches(entry: string, code: string): boolean {
  const range = /^(\d+)-(\d+)$/.exec(entry);
  if (!range) return entry.toLowerCase() === code.toLowerCase();
  const n = Number(code);
  return /^\d+$/.test(code) && n >= Number(range[1]) && n <= Number(range[2]);
}

function isWithin(host: string, domain: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === domain || h.endsWith(`.${domain}`);
}

/**
 * The hosts the text says answered ("host mx.b.com[1.2.3.4] said", "host: smtp-in.b.fr", "while
 * talking to mx.b.jp."): not every domain-like word, since a returned message's Received lines
 * and the addresses name the sender's hosts too.
 */
export function namedHosts(text: string): string[] {
  return [...text.matchAll(/\b(?:host|talking to|server)\s*:?\s+\[?((?:[a-z0-9-]+\.)+[a-z]{2,})\b/gi)].map(
    (m) => m[1],
  );
}
