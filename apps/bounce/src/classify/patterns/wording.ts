import type { Reason } from '../reasons';

/**
 * The wording mail servers use for each failure reason. Each entry is one rule: a pattern, the
 * reason it means, and an example of text a real server sends that the pattern must match
 * (wording.spec.ts checks every entry against its example). Patterns are matched against one
 * flattened line of diagnostic text, case-insensitively.
 *
 * When several reasons match, REASON_PRIORITY decides: the more specific cause wins ("user
 * unknown" beats "policy"; "DMARC" beats "blocked").
 */
export interface WordingRule {
  readonly reason: Reason;
  readonly pattern: RegExp;
  /** Text a real server sends that this pattern must match. */
  readonly example: string;
  /** Which servers write it, when it is particular to some. */
  readonly source?: string;
  /**
   * A particular server's wording that contains another reason's generic phrase ("550 : User
   * unknown" is a reception filter, not an unknown user): it is tried before the others.
   */
  readonly specific?: true;
  /**
   * The reporting system's own verdict from its directory (Exchange, Domino, Office 365), not a
   * remote reply quoted at some SMTP stage: it stands whatever the stage.
   */
  readonly definitive?: true;
}

export const REASON_PRIORITY: readonly Reason[] = [
  'authfailure',
  'requireptr',
  'badreputation',
  'blocked',
  'virusdetected',
  'spamdetected',
  'failedstarttls',
  'norelaying',
  'rejected',
  'emailtoolarge',
  'mailboxfull',
  'hasmoved',
  'suspend',
  'notaccept',
  'hostunknown',
  'userunknown',
  'ratelimited',
  'contenterror',
  'notcompliantrfc',
  'policyviolation',
  'securityerror',
  'filtered',
  'systemfull',
  'networkerror',
  'mailererror',
  'systemerror',
  'expired',
  'syntaxerror',
  'onhold',
  'suppressed',
  'undefined',
];

export const WORDING: readonly WordingRule[] = [
  // ── userunknown: the mailbox does not exist ──────────────────────────────────────────────
  {
    reason: 'userunknown',
    pattern:
      /\buser(?:name)? (?:is )?(?:unknown|not found|not known|doesn'?t exist|does not exist|not exist|invalid)\b/i,
    example: '550 5.1.1 <kijitora@example.jp>... User Unknown',
  },
  {
    reason: 'userunknown',
    pattern:
      /\bunknown (?:user|recipient|local[- ]?part|mailbox|account|e-?mail address|address|or illegal (?:user|alias))\b/i,
    example: '553 5.1.1 unknown or illegal alias: kijitora@example.com',
  },
  {
    reason: 'userunknown',
    pattern: /\bno such (?:user|mailbox|recipient|address|account|local user|person|e-?mail)\b/i,
    example: '550 kijitora@example.org... No such user',
  },
  {
    reason: 'userunknown',
    pattern:
      /\b(?:mailbox|recipient|e-?mail address|address|account|addressee|destination address)(?: name)? (?:does not exist|doesn'?t exist|not exist|is not found|not found|is unknown|unknown)\b/i,
    example: '550 5.1.1 Mailbox does not exist',
  },
  {
    reason: 'userunknown',
    pattern: /\binvalid (?:recipient|mailbox|user|e-?mail address|address|destination)\b/i,
    example: '553 Invalid recipient kijitora@example.org (Mode: normal)',
  },
  {
    reason: 'userunknown',
    pattern: /\bnot a (?:valid|known) (?:user|mailbox|recipient)\b/i,
    example: '550 kijitora is not a valid mailbox',
  },
  {
    reason: 'userunknown',
    pattern: /\brecipient (?:name )?is not recognized\b/i,
    definitive: true,
    example: 'The recipient name is not recognized',
    source: 'Exchange 2003',
  },
  {
    reason: 'userunknown',
    pattern: /\brecip(?:ient)?notfound\b/i,
    definitive: true,
    example: '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found',
    source: 'Exchange, Office 365',
  },
  {
    reason: 'userunknown',
    pattern: /\be-?mail address (?:you entered couldn'?t be found|wasn'?t found at the destination)/i,
    definitive: true,
    example: "The email address you entered couldn't be found. Check the recipient's email address",
    source: 'Office 365',
  },
  {
    reason: 'userunknown',
    pattern: /\bemail account that you tried to reach does not exist\b/i,
    example: '550-5.1.1 The email account that you tried to reach does not exist.',
    source: 'Gmail',
  },
  {
    reason: 'userunknown',
    pattern: /\bnot listed in (?:the )?(?:public name (?:&|and) address book|domino directory)\b/i,
    definitive: true,
    example: 'User  not listed in public Name & Address Book',
    source: 'Lotus Notes / Domino',
  },
  {
    reason: 'userunknown',
    pattern: /\bno mailbox here by that name\b/i,
    example: '550 sorry, no mailbox here by that name (#5.1.1 - chkusr)',
    source: 'qmail (chkusr)',
  },
  {
    reason: 'userunknown',
    pattern: /\bthis user doesn'?t have an? [a-z0-9.-]+ account\b/i,
    example: "554 delivery error: dd This user doesn't have a yahoo.com account (kijitora@yahoo.com)",
    source: 'Yahoo',
  },
  {
    reason: 'userunknown',
    pattern: /\b(?:recipient|address) (?:address )?rejected: (?:access denied|undeliverable address)\b/i,
    example: '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)',
    source: 'Office 365 directory-based edge blocking',
  },
  {
    reason: 'userunknown',
    pattern: /\bunknown in (?:local recipient|virtual (?:alias|mailbox)|relay recipient) table\b/i,
    example: '550 5.1.1 <neko@example.co.jp>: Recipient address rejected: unknown in virtual mailbox table',
    source: 'Postfix',
  },
  {
    reason: 'userunknown',
    pattern: /\brecipient address rejected\.?\s*(?:\(|$)/i,
    example: '550 <neko-nyaan@ne.auone-net.jp>: Recipient address rejected.',
  },
  {
    reason: 'userunknown',
    pattern: /\bno valid recipients?\b|\bcheck if (?:the )?address is correct\b/i,
    example: 'Error: No valid recipients for this MM',
    definitive: true,
  },
  {
    reason: 'userunknown',
    pattern: /^\s*(?:unknown user|user unknown|no such user)\s*:\s*\S+@\S+/i,
    example: 'Unknown user: kijitora@example.com',
    source: 'IMail (its own verdict, one line per recipient)',
    definitive: true,
  },
  {
    reason: 'userunknown',
    pattern: /は\s*Domino\s*ディレクトリには見つかりません/,
    definitive: true,
    example: 'ユーザー Neko (kijitora@example.co.jp) は Domino ディレクトリには見つかりません。',
    source: 'Lotus Domino (Japanese)',
  },
  {
    reason: 'userunknown',
    pattern: /\bdestinataire inconnu\b|\bbenutzer unbekannt\b|\bunbekannter empf(?:ä|ae)nger\b/i,
    example: '550 5.1.1 Benutzer unbekannt',
  },

  // ── hostunknown: the domain does not exist ───────────────────────────────────────────────
  {
    reason: 'hostunknown',
    pattern: /\bhost (?:or domain name )?not found(?!, try again)\b(?!, try again)/i,
    example: 'Host or domain name not found. Name service error for name=example.cat type=A: Host not found',
    source: 'Postfix',
  },
  {
    reason: 'hostunknown',
    pattern:
      /\b(?:recipient |destination )?domain(?: name)? (?:does not exist|doesn'?t exist|not found|is unknown|unknown|not exist)\b/i,
    example: '550 5.1.2 Domain does not exist',
  },
  {
    reason: 'hostunknown',
    pattern: /\bhost unknown\b|\bunknown host\b/i,
    example: '554 <mikeneko@example.org>... 550 Host unknown (Authoritative answer from name server)',
    source: 'Sendmail',
  },
  {
    reason: 'hostunknown',
    pattern: /\bdomain (?:is )?not reachable\b|\bno such (?:domain|host)\b/i,
    example: 'No such domain.',
    source: 'Courier',
  },
  {
    reason: 'hostunknown',
    pattern: /\bcould(?:n'?t| not) find any host named\b/i,
    example: "Sorry, I couldn't find any host named cx.libsisimai.com. (#5.1.2)",
    source: 'qmail',
  },
  {
    reason: 'hostunknown',
    pattern: /\bunrout(?:e)?able (?:mail )?(?:domain|address)\b(?! .{0,10}sender)/i,
    example: 'Unrouteable address',
    source: 'Exim',
  },
  {
    reason: 'hostunknown',
    pattern: /\b(?:the )?account or domain may not exist\b/i,
    specific: true,
    example:
      'The mail server could not deliver mail to kijitora@example.net.  The account or domain may not exist',
    source: 'Exim (cPanel)',
  },
  {
    reason: 'hostunknown',
    pattern: /\bnxdomain\b|\bdomain name (?:is )?not (?:registered|resolvable)\b/i,
    example: 'DNS lookup of example.cat: NXDOMAIN',
  },

  // ── hasmoved ─────────────────────────────────────────────────────────────────────────────
  {
    reason: 'hasmoved',
    pattern: /\bhas moved\b|\bno forwarding address\b|\buser not local; please try\b/i,
    example: '550 5.1.6 Destination mailbox has moved, No forwarding address',
  },

  // ── mailboxfull ──────────────────────────────────────────────────────────────────────────
  {
    reason: 'mailboxfull',
    pattern:
      /\b(?:mail ?box|mail ?folder|inbox|mail ?drop|account|maildir|user|recipient)(?:'s)? (?:is |was |has become )?(?:full|over ?(?:the )?quota|overquota|exceeds? (?:allowed size|(?:its |the )?(?:storage )?(?:quota|size limit)))\b/i,
    example:
      "child status 100...The e-mail message could not be delivered because the user's mailfolder is full.",
  },
  {
    reason: 'mailboxfull',
    pattern:
      /\bover ?quota\b|\bquota (?:exceeded|exceed|full|violation)\b|\bexceeded (?:the |its |his |her )?(?:storage |mailbox |disk )?quota\b|\bstorage quota\b|\bquotaexceeded\b/i,
    example: '552 5.2.2 <neko@nyaaan.example.org> Quota exceeded (mailbox for user is full)',
  },
  {
    reason: 'mailboxfull',
    pattern:
      /\bmailbox full\b|\bmail ?box is full\b|\bnot enough (?:storage|space) in (?:the )?mailbox\b|\bmailbox exceeded\b/i,
    example: '450 4.2.2 <kijitora@example.jp>... Mailbox Full',
  },
  {
    reason: 'mailboxfull',
    pattern: /\bnumber of messages in (?:the )?recipient'?s mailbox exceeded\b|\bmailbox size limit\b/i,
    example: "The number of messages in recipient's mailbox exceeded the local limit.",
    source: 'Biglobe',
  },
  {
    reason: 'mailboxfull',
    pattern: /\bdisk quota\b|\binsufficient (?:storage|space) for (?:the )?(?:user|mailbox|recipient)\b/i,
    example: '552 5.2.2 Disk quota exceeded',
  },

  // ── systemfull ───────────────────────────────────────────────────────────────────────────
  {
    reason: 'systemfull',
    pattern:
      /\binsufficient system (?:storage|resources)\b|\bmail system (?:is )?full\b|\bno space left on device\b|\bout of (?:disk )?space\b|\bdisk (?:is )?full\b/i,
    example:
      '452 4.3.1 Insufficient system resources (UsedDiskSpace[D:\\Program Files\\Microsoft\\Exchange])',
  },

  // ── suspend: the account is disabled ─────────────────────────────────────────────────────
  {
    reason: 'suspend',
    pattern:
      /\b(?:account|mail ?box|user|address|recipient|inbox)(?: address)?(?:\(s\))?(?: account)? (?:is |has been |was )?(?:currently )?(?:temporar(?:il)?y )?(?:disabled|suspended|deactivated|inactive|locked|frozen|closed|discontinued|terminated|expired|not active|blocked by (?:the )?(?:administrator|owner))\b/i,
    example: 'vdelivermail: account is locked email bounced kijitora@neko2.example.co.jp',
  },
  {
    reason: 'suspend',
    pattern: /\btemporar(?:il)?y (?:locked|disabled|suspended)\b/i,
    example:
      '550 5.7.1 Recipient address rejected: User kijitora@example.com temporary locked. Please try again later!',
  },
  {
    reason: 'suspend',
    pattern:
      /\binactive (?:e-?mail |mail )?(?:address|account|mailbox|user)\b|\b(?:recipient |user )?(?:account|mailbox) (?:is |has been )?(?:blocked|on hold)\b/i,
    example: '550 5.1.1 <pseudo-local-part-of-icloud@icloud.com>: inactive email address',
    source: 'iCloud',
  },
  {
    reason: 'suspend',
    pattern: /\bdisabled (?:recipient|user|account|mailbox)\b/i,
    example: '525 5.7.13 Disabled recipient address',
  },
  {
    reason: 'suspend',
    pattern:
      /\bno longer (?:in use|active|in service)\b|\bmailbox (?:is )?unavailable for (?:this|the) user\b/i,
    example: 'This email inbox kijitora@example.com is no longer in use.',
  },
  {
    reason: 'suspend',
    pattern: /\bemail account that you tried to reach is (?:disabled|inactive)\b/i,
    example: '550-5.2.1 The email account that you tried to reach is disabled.',
    source: 'Gmail',
  },

  // ── blocked: the sending IP or host was refused ──────────────────────────────────────────
  {
    reason: 'blocked',
    pattern:
      /\b(?:black|block|deny|ban)[ -]?list(?:ed)?\b|\bblocked using\b|\blisted (?:in|on|at) (?:the )?[a-z0-9.-]*(?:rbl|bl|dnsbl)\b|\b(?:spamhaus|spamcop|sorbs|barracudacentral|dnsbl|rbl|uceprotect|psbl|abuseat)\b/i,
    example: '550 5.7.1 IP address blacklisted by recipient',
  },
  {
    reason: 'blocked',
    pattern: /\bclient host (?:\[[^\]]*\] )?(?:rejected|blocked|refused)\b|\bbanned sending ip\b/i,
    example:
      '450 4.7.1 <c135.kyoto.example.ne.jp[192.0.2.56]>: Client host rejected: may not be mail exchanger',
    source: 'Postfix',
  },
  {
    reason: 'blocked',
    pattern:
      /\b(?:your|sending|sender'?s?|client|connecting) (?:ip|ip address|host|server|mta|network|relay|netblock)(?: address)?(?: \[?[0-9a-f.:]+\]?)? (?:is |has been |was )?(?:blocked|blacklisted|banned|not allowed|refused|rejected|denied)\b|\bip(?: address)?(?: \[?[0-9a-f.:]+\]?)? (?:is |has been |was )?(?:blocked|blacklisted|banned|not allowed|refused|rejected|denied)\b|\bon (?:our|a) (?:block|black)list\b/i,
    example: '554 Your IP address 192.0.2.1 has been blocked',
  },
  {
    reason: 'blocked',
    pattern:
      /\brefused to talk to me\b|\bnot accepting connections\b|\bconnection (?:refused|rejected|not allowed) from\b/i,
    example: 'host mfsmax.example.net[203.0.113.127] refused to talk to me: 421 Service not available',
    source: 'Postfix (the server refused the connection at its greeting)',
  },
  {
    reason: 'blocked',
    pattern: /\bopen relay\b|\bno access from mail server\b|\baup#[a-z]*rbl\b|\bhost network not allowed\b/i,
    example:
      '501 <shironeko@example.co.jp>... no access from mail server [192.0.2.55] which is an open relay.',
  },
  {
    reason: 'blocked',
    pattern:
      /\bplease use the smtp server of your isp\b|\bdynamic(?:ally assigned)? ip\b|\bdial-?up\b|\bresidential ip\b/i,
    example: '550 5.7.0 <shironeko@example.jp>... Please use the smtp server of your ISP.',
  },
  {
    reason: 'blocked',
    pattern: /\bmessages from [0-9.]+ weren'?t sent\b|\bsc-00[1-4]\b/i,
    example: "550 SC-004 (COL0-MC1-F1) Unfortunately, messages from 111.86.156.22 weren't sent.",
    source: 'Outlook.com',
  },
  {
    reason: 'blocked',
    pattern: /\binvalid ip for sending mail\b|\bnot authorized to send (?:mail )?from (?:this|your) ip\b/i,
    example: '554 INVALID IP FOR SENDING MAIL OF DOMAIN amazonses.com',
    source: 'Yahoo',
  },
  {
    reason: 'blocked',
    pattern: /\ba problem occurred\. \(ask your postmaster for help or to contact .{1,100} to clarify\.\)/i,
    example:
      '554 IP=192.0.2.254 - A problem occurred. (Ask your postmaster for help or to contact neko@example.org to clarify.) (BL)',
    source: 'EarthLink',
  },
  {
    reason: 'blocked',
    pattern:
      /\bconnection (?:refused|rejected|denied) (?:by|from|due to)\b|\baccess denied\.{3}[0-9a-f]{8,}/i,
    example: '550 Access denied...7d39d5299584f4be161127e61f5f5400...',
  },

  // ── badreputation ────────────────────────────────────────────────────────────────────────
  {
    reason: 'badreputation',
    pattern:
      /\b(?:poor|bad|low|negative) (?:ip |sender |sending )?reputation\b|\breputation (?:is )?(?:too low|poor|bad)\b|\bip reputation\b|\bsender ?score\b/i,
    example: '550 5.7.1 Service unavailable, Client host [192.0.2.1] blocked due to poor IP reputation',
  },
  {
    reason: 'badreputation',
    pattern: /\bunexpected volume or user complaints\b|\btss04\b/i,
    example:
      '421 4.7.0 [TSS04] Messages from 192.0.2.192 temporarily deferred due to unexpected volume or user complaints',
    source: 'Yahoo',
  },
  {
    reason: 'badreputation',
    pattern: /\btemporarily rate limited due to ip reputation\b|\bdue to (?:the )?reputation\b/i,
    example:
      '451 4.7.650 The mail server [192.0.2.2] has been temporarily rate limited due to IP reputation.',
    source: 'Outlook.com',
  },

  // ── requireptr: no reverse DNS ───────────────────────────────────────────────────────────
  {
    reason: 'requireptr',
    pattern:
      /\breverse[ -]?(?:dns|lookup|mapping|resolution)\b|\brdns\b|\bptr (?:record|resource record|lookup)\b|\bno ptr\b|\bmissing ptr\b|\bdns ptr\b/i,
    example: '554 5.7.1 [C14] Missing reverse DNS for 203.0.113.2',
  },
  {
    reason: 'requireptr',
    pattern:
      /\bcannot find your hostname\b|\bclient host name (?:is )?(?:unknown|not found)\b|\bip name (?:possibly )?(?:forged|lookup failed)\b|\bunverifi?(?:y|i)able sending ips?\b|\bhostname (?:does not|doesn'?t) (?:resolve|match)\b/i,
    example: '450 service permits 2 unverifyable sending IPs - neko.example.com is not 203.0.113.222',
  },
  {
    reason: 'requireptr',
    pattern:
      /\bmismatch(?:es)? (?:the )?(?:client|connecting|sending) ip\b|\bhelo (?:name )?(?:does not|doesn'?t) match\b/i,
    example: '550 domain [example.com] mismatches client ip 192.0.2.225.',
    source: 'Outlook.com',
  },

  // ── authfailure: SPF, DKIM, DMARC ────────────────────────────────────────────────────────
  {
    reason: 'authfailure',
    pattern:
      /\b(?:dmarc|dkim|spf|sender policy framework|domainkeys)\b.{0,60}\b(?:fail(?:s|ed|ure)?|reject(?:ed|ion)?|policy|(?:not|doesn'?t|does not) pass|check|violation|alignment|invalid|verification|validation|permerror|softfail|hardfail|quarantine|not (?:authorized|permitted|designate))|\b(?:fail(?:s|ed|ure)?|reject(?:ed)?|not pass|per|due to|violat\w+|checks?)\b.{0,40}\b(?:dmarc|dkim|spf)\b/i,
    example: '550 5.7.1 Email rejected per DMARC policy for libsisimai.org',
  },
  {
    reason: 'authfailure',
    pattern:
      /\bdoes not have authentication information\b|\bfails? to pass authentication checks\b|\bsender is unauthenticated\b|\brequires all senders to authenticate\b/i,
    example: '550-5.7.1 This message does not have authentication information or fails to pass',
    source: 'Gmail',
  },
  {
    reason: 'authfailure',
    pattern:
      /\b(?:multiple )?authentication checks? (?:have )?failed\b|\bdoesn'?t meet the required authentication level\b|\bunauthenticated (?:e-?mail|message) from\b/i,
    example:
      '550 5.7.26 <authfailure@libsisimai.net>: Recipient address rejected: Multiple authentication checks failed',
  },

  // ── rejected: the envelope sender was refused ────────────────────────────────────────────
  {
    reason: 'rejected',
    pattern:
      /\bsender (?:address |domain |e-?mail )?(?:is )?(?:rejected|refused|denied|not allowed|invalid|unknown|blocked|verify failed|not accepted)\b|\b(?:invalid|unknown|bad|unroutable|unverified) sender\b/i,
    example: '501 5.1.8 Sender address rejected',
  },
  {
    reason: 'rejected',
    pattern:
      /\bdomain of sender address(?: \S{1,200})? does not (?:exist|resolve)\b|\bsender domain must (?:exist|resolve)\b/i,
    example:
      '553 5.1.8 <kijitora@example.jp>: Sender address rejected: Domain of sender address kijitora@example.jp does not exist',
    source: 'Postfix',
  },
  {
    reason: 'rejected',
    pattern: /\bfrom:? domain is invalid\b|\bplease provide a valid from\b/i,
    example: '550 5.2.0 <sironeko@neko.example.com> From: Domain is invalid. Please provide a valid From:',
    source: 'GoDaddy',
  },
  {
    reason: 'rejected',
    pattern:
      /\bnot a member of (?:this|the) (?:mailing )?list\b|\bmay not have permission to post\b|\bnot allowed to post\b/i,
    example: 'You are not a member of this mailing list <neko-nyaan@example.org>.',
  },
  {
    reason: 'rejected',
    pattern: /\bgroups\.google\.com\/support\b/i,
    example: 'visit the Help Centre at https://groups.google.com/support/.',
    source: 'Google Groups (refuses posts from non-members, in the sender\u2019s language)',
  },

  // ── spamdetected ─────────────────────────────────────────────────────────────────────────
  {
    reason: 'spamdetected',
    pattern:
      /\bspam\b|\bunsolicited (?:bulk |commercial )?(?:e-?mail|mail|message)\b|\bUBE\b|\bjunk ?mail\b|\bclassified as (?:spam|bulk|junk)\b|\bspamassassin\b|\bbulk e-?mail filter\b/i,
    example: '554 5.7.0 Reject, id=22222-22 NekoNyaan-2y:2 - SPAM. See http://neko.nyaan.example.com/block',
  },
  {
    reason: 'spamdetected',
    pattern:
      /\bmessage content rejected\b|\bcontent (?:looks like|appears to be|was (?:classified|identified) as) spam\b/i,
    example: '500 5.6.1 Message content rejected',
    source: 'Amazon SES inbound, Barracuda',
  },
  {
    reason: 'spamdetected',
    pattern: /\bofr_506\b/i,
    example: '550 5.2.0 Mail rejete. Mail rejected. ofr_506 [506]',
    source: 'Orange (France): code 506 is its spam verdict',
  },

  // ── virusdetected ────────────────────────────────────────────────────────────────────────
  {
    reason: 'virusdetected',
    pattern: /\bvirus\b|\bmalware\b|\binfected\b|\btrojan\b|\bmalicious (?:content|attachment|software)\b/i,
    example: '550 Virus Detected; Content Rejected',
  },

  // ── filtered: refused for content or by the recipient's own filter ───────────────────────
  {
    reason: 'filtered',
    pattern: /\b5\d\d[\s:]*:\s*user unknown\b/i,
    specific: true,
    example: '550 : User unknown',
    source:
      'au / ezweb.ne.jp: the recipient\u2019s reception filter answers "User unknown" with no address after DATA',
  },
  {
    reason: 'filtered',
    pattern:
      /\brefused due to recipient preferences\b|\bonly accepting mail from specific (?:e-?mail )?addresses\b|\brecipient'?s? (?:filter|preferences|settings) (?:rejected|refused|blocked)\b/i,
    example:
      '550 5.1.1 RCP-P2 http://postmaster.facebook.com/response_codes?ip=192.0.2.135#rcp Refused due to recipient preferences',
    source: 'Facebook, AOL',
  },
  {
    reason: 'filtered',
    pattern:
      /\bcontent filter\b|\bfiltered\b|\bmessage (?:was )?(?:rejected|refused|blocked) by (?:the )?(?:recipient|content|mail) ?filter\b|\bdelivery (?:was )?refused by (?:the )?recipient\b/i,
    example: '550 5.7.1 Message rejected by the content filter',
  },

  // ── policyviolation ──────────────────────────────────────────────────────────────────────
  {
    reason: 'policyviolation',
    pattern:
      /\bpolicy reasons\b|\bpolicy violation\b|\bviolat(?:es|ed|ion of|ing) (?:our |the |local |site )?(?:\w+ )?(?:polic(?:y|ies)|terms)\b|\bprohibited by (?:the )?polic(?:y|ies)\b|\b(?:denied|rejected|refused|blocked) (?:by|due to) (?:local |site |our )?polic(?:y|ies)\b/i,
    example:
      '554 5.7.9 Message not accepted for policy reasons. See https://senders.yahooinc.com/error-codes',
  },

  // ── securityerror ────────────────────────────────────────────────────────────────────────
  {
    reason: 'securityerror',
    pattern: /\bturn on smtp authentication\b|\b(?:relay|send) through this server without authentication\b/i,
    example: '550-Please turn on SMTP Authentication in your mail client.',
    source: 'Symantec MessageLabs',
    specific: true,
  },
  {
    reason: 'securityerror',
    pattern:
      /\bauthentication (?:is )?required\b|\bunauthenticated senders? (?:are )?not allowed\b|\bdelivery not authorized\b|\bmust (?:first )?authenticate\b|\bsecurity (?:policy|violation|error)\b/i,
    example: '550 Unauthenticated senders not allowed',
  },

  // ── contenterror ─────────────────────────────────────────────────────────────────────────
  {
    reason: 'contenterror',
    pattern:
      /\bheader (?:error|syntax)\b|\b(?:invalid|malformed|bad|broken) (?:mime|header|headers|message header|content)\b|\bmedia error\b|\bcontent presents a potential\b/i,
    example: '554 5.7.9 Header error',
  },

  // ── notcompliantrfc ──────────────────────────────────────────────────────────────────────
  {
    reason: 'notcompliantrfc',
    pattern: /\bmultiple (?:\S+ )?addresses in (?:the )?from:? header\b|\bduplicate header field\b/i,
    example: 'Messages with multiple addresses in From: header are not accepted.',
    source: 'Gmail, amavis',
  },
  {
    reason: 'notcompliantrfc',
    pattern:
      /\b(?:rfc ?(?:822|2822|5322|5321|2045|6532)|standards?)[ -](?:compliance|violation|requirements|non-?conforming)\b|\bviolates? rfc ?\d+\b|\bnot (?:rfc|standards?)[ -]?(?:\d+ )?compliant\b|\bnon-?compliant\b|\bmultiple (?:from|to|date|subject|message-id|sender) (?:header|field)s?\b|\bduplicate (?:header|field)s?\b|\bbare (?:lf|cr|linefeed)s?\b/i,
    example: '550 5.7.1 Message is not RFC 5322 compliant',
  },

  // ── emailtoolarge ────────────────────────────────────────────────────────────────────────
  {
    reason: 'emailtoolarge',
    pattern:
      /\bmessage (?:size |length )?(?:is )?(?:too (?:big|large)|exceeds?)\b|\b(?:message |mail )?(?:size|length) exceeds?\b|\bexceeds? (?:the )?(?:fixed )?maximum (?:allowed )?(?:message )?size\b|\btoo large\b|\bmessage size limit\b/i,
    example: '552 5.2.3 Message size exceeds fixed maximum message size (10485760)',
  },

  // ── ratelimited ──────────────────────────────────────────────────────────────────────────
  {
    reason: 'ratelimited',
    pattern:
      /\btoo many (?:connections|messages|recipients|e-?mails|mails|concurrent|sessions|simultaneous)\b|\brate[ -]?limit|\bthrottl|\bslow down\b|\bsending (?:rate|quota|limit) (?:exceeded|reached)\b|\bexceeded (?:the )?(?:maximum )?(?:number of )?(?:connections|messages|recipients)\b/i,
    example: '452 4.3.2 Too many recipients received this hour',
  },
  {
    reason: 'ratelimited',
    pattern:
      /\breceiving mail at a rate\b|\bfrequency limited\b|\bhas been (?:temporarily )?rate limited\b(?! due to (?:ip )?reputation)/i,
    example:
      '550-5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages',
    source: 'Gmail, QQ Mail',
    specific: true,
  },
  {
    reason: 'ratelimited',
    pattern:
      /\btoo (?:much|high) (?:mail|traffic|volume)\b|\bconnection limit\b|\btoo many (?:smtp )?sessions\b/i,
    example: '421 4.7.0 Connection limit exceeded, try again later',
  },

  // ── expired: delivery gave up after the retry period ─────────────────────────────────────
  {
    reason: 'expired',
    pattern:
      /\bqueue too long\b|\bmessage expired\b|\bretry (?:timeout|time) (?:exceeded|expired)\b|\bdelivery time expired\b|\bmessage has been in the queue\b|\bqueue\.expired\b|\bhave been failing for a long time\b|\btoo long in (?:the )?queue\b/i,
    example: "I'm not going to try again; this message has been in the queue too long.",
  },
  {
    reason: 'expired',
    pattern:
      /\b(?:not|couldn'?t|could not|unable to) (?:be )?deliver(?:ed)?(?: (?:for|within|in) (?:the last )?\d+ ?(?:seconds|minutes|hours|days))\b|\bnot (?:been )?delivered within\b|\baborted after \d/i,
    example: 'Could not deliver for the last 432000 seconds. Giving up.',
  },
  {
    reason: 'expired',
    pattern:
      /\b(?:connection|operation|session|smtp) timed out\b|\btimed out (?:while|during|after)\b|\bconnection timeout\b/i,
    example: 'connect to bukkoji.example.org[192.0.2.1]:25: Connection timed out',
  },
  {
    reason: 'expired',
    pattern:
      /\bdelivery failed \d+ attempts\b|\bdid not accept our requests to connect\b|\bunable to deliver (?:this message )?after \d/i,
    example: 'Delivery failed 20 attempts: kijitora@example.com',
  },

  // ── networkerror ─────────────────────────────────────────────────────────────────────────
  {
    reason: 'networkerror',
    pattern: /\bhost not found, try again\b|\btemporary failure in name resolution\b/i,
    example:
      'Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again',
    source: 'Postfix (a DNS lookup that will be retried, not a missing domain)',
    specific: true,
  },
  {
    reason: 'networkerror',
    pattern:
      /\bno route to host\b|\bnetwork (?:is )?unreachable\b|\bhost (?:is )?unreachable\b|\bconnection (?:refused|reset|lost)\b|\bname service error\b|\bhost not found, try again\b|\bhost name lookup failure\b|\btemporary (?:dns|lookup) failure\b|\bdns (?:lookup |query |resolution )?(?:failed|failure|error|timeout)\b/i,
    example: 'connect to nyaan.example.com[192.0.2.2]:25: No route to host',
  },
  {
    reason: 'networkerror',
    pattern:
      /\b(?:wasn'?t|was not|unable to|could not|couldn'?t) (?:able to )?(?:establish|open|make) (?:an? )?(?:smtp )?connection\b|\bhop count exceeded\b|\btoo many hops\b|\brouting loop\b|\bloops back to myself\b|\bmail loop\b/i,
    example: "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)",
    source: 'qmail',
  },

  // ── failedstarttls ───────────────────────────────────────────────────────────────────────
  {
    reason: 'failedstarttls',
    pattern:
      /\bstarttls\b|\b(?:does not|doesn'?t) support (?:tls|ssl)\b|\btls (?:is )?required\b|\bencryption (?:is )?required\b|\btls negotiation failed\b|\brequiretls\b/i,
    example: '530 5.7.0 Must issue a STARTTLS command first.',
  },

  // ── norelaying ───────────────────────────────────────────────────────────────────────────
  {
    reason: 'norelaying',
    pattern:
      /\brelay(?:ing)? (?:access )?(?:denied|not permitted|not allowed|prohibited|refused)\b|\bunable to relay\b|\bnot (?:permitted|configured|allowed) to relay\b|\b(?:we do not|cannot|can'?t) relay\b|\bno relaying\b/i,
    example: '554 5.7.1 <kijitora@example.com>: Relay access denied',
  },

  // ── notaccept: the destination accepts no mail ───────────────────────────────────────────
  {
    reason: 'notaccept',
    pattern:
      /\bnull mx\b|\bno mx (?:record|host)s?\b|\bindicated no smtp service\b|\bcouldn'?t find a mail exchanger\b|\bnot accepting (?:network )?messages\b|\bdoes not accept (?:e-?)?mail\b|\baccepts no mail\b/i,
    example: "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)",
  },

  // ── syntaxerror ──────────────────────────────────────────────────────────────────────────
  {
    reason: 'syntaxerror',
    pattern:
      /\bsyntax error\b|\bcommand (?:not )?(?:recognized|unrecognized|not implemented)\b|\bbad sequence of commands\b/i,
    example: '500 5.5.1 Syntax error, command unrecognized',
  },

  // ── systemerror ──────────────────────────────────────────────────────────────────────────
  {
    reason: 'systemerror',
    pattern:
      /\binternal (?:server |system |mail )?error\b|\btransaction failed\b|\bsystem error\b|\blocal error in processing\b|\btemporary (?:local |server )?(?:problem|failure|error)\b|\bserver (?:error|failure)\b|\b(?:unable to contact|cannot connect to) (?:the )?ldap\b/i,
    example: '550 5.3.5 <kuroneko@example.org>... Internal System Error',
  },
  {
    reason: 'systemerror',
    pattern:
      /\bservice (?:is )?(?:currently |temporarily )?(?:unavailable|not available)\b|\b(?:could not|couldn'?t|failed to|unable to) load\b/i,
    example:
      '554 "|IFS=\' \' && exec /usr/local/bin/procmail -f- || exit 75 #kijitora"... Service unavailable',
  },

  // ── mailererror ──────────────────────────────────────────────────────────────────────────
  {
    reason: 'mailererror',
    pattern: /\bpipe to \|/i,
    example: 'pipe to |/usr/local/nyaan/bin/neko kijitora@example.com generated by kijitora@example.com',
    source: 'Exim',
  },
  {
    reason: 'mailererror',
    pattern:
      /\bmailer (?:error|failed)\b|\bprogram (?:exited|failed|terminated)\b|\bexit (?:status|code) \d+\b|\bcommand (?:died|failed) with status\b|\bpipe to .{1,60} failed\b/i,
    example:
      'Child process of local_delivery transport returned 69 (could mean service or program unavailable): mailer error',
  },

  // ── onhold ───────────────────────────────────────────────────────────────────────────────
  {
    reason: 'onhold',
    pattern: /\bon hold\b/i,
    example: '550 5.0.0 <onhold@libsisimai.net>: Recipient address rejected: On hold.',
  },
];
