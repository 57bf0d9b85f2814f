import type { Reason } from '../reasons';
import { WORDING_IN_OTHER_LANGUAGES } from './wording-languages';

/**
 * The wording mail servers use for each failure reason, as FAMILIES of phrases: each rule is one
 * class of wordings ("no such user|mailbox|recipient …"), written from what MTAs and providers
 * document they say (RFC 5321 reply texts, RFC 3463 code names, the Postfix, Exim, Sendmail,
 * qmail, Courier and OpenSMTPD sources' messages, Microsoft's, Google's and Yahoo's published
 * NDR and SMTP error pages). Patterns are matched case-insensitively against one flattened line
 * of diagnostic text; `examples` are documented phrasings each pattern must match, `mustNot`
 * other reasons' documented phrasings that must not read as its reason (wording.spec.ts checks
 * both).
 *
 * When several reasons match, REASON_PRIORITY decides: the more specific cause wins ("user
 * unknown" beats "policy"; "DMARC" beats "blocked"; "mailbox full" beats "retry timeout").
 */
export interface WordingRule {
  /** `reason/what-it-covers`, stable: the corpus report names rules by it. */
  readonly id: string;
  readonly reason: Reason;
  readonly pattern: RegExp;
  /** Documented wordings this rule must match. */
  readonly examples: readonly string[];
  /**
   * Documented wordings of OTHER reasons that share this rule's words ("limit", "suspended",
   * "not accepted", "address"): none may read as this rule's reason. Examples alone cannot show
   * that a pattern grew too broad; these do.
   */
  readonly mustNot?: readonly string[];
  /** Who documents the wording, when it is particular to some servers. */
  readonly source?: string;
  /** A server's phrase that contains another reason's generic words: tried before the others. */
  readonly specific?: true;
  /**
   * The server's verdict on the address itself, whatever policy code (x.7) it gives with it (a
   * recipient list that does not hold the address): not a filter speaking.
   */
  readonly addressVerdict?: true;
  /**
   * The reporting system's own verdict from its directory (Exchange, Domino), not a remote reply
   * quoted at some SMTP stage: it stands whatever the stage and the codes.
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
  // giving up after retries outranks the transient cause it gave up on (refused connection, …)
  'expired',
  'contenterror',
  'notcompliantrfc',
  'policyviolation',
  'securityerror',
  'filtered',
  'systemfull',
  'networkerror',
  'mailererror',
  'systemerror',
  'syntaxerror',
  'onhold',
  'suppressed',
  'undefined',
];

/** Words for "the mailbox": what servers call the thing that does not exist, is full, …. */
const BOX = String.raw`(?:mail ?box|recipient|user(?: ?name)?|account|alias|e-?mail(?: address| account)?|address(?:ee)?|local[ -]?part|destination(?: address)?|mail ?folder|inbox|person)`;

/**
 * What servers put between the box word and the verdict: the address itself ("user <a@b>",
 * "rcpt (a@b)", "mailbox kijitora"), never a word that turns the subject to the system or the
 * domain ("mailbox temporarily unavailable", "recipient domain unknown").
 */
const NAMED = String.raw`(?: (?:<[^<>\s]+>|\([^()\s]+\)|"[^"\s]+"|[^\s<>@]+@[^\s<>@]+|(?!(?:is|was|were|are|not|does|did|has|have|temporar\w*|currently|system|server|host|domain|storage|size|quota|name|specified|message|content|headers?|body|format|data|service|type|list|limit|rate|busy|computer|machine|mx|dns|records?)\b)[\w.+-]+))?`;

export const WORDING: readonly WordingRule[] = [
  // ── userunknown: the mailbox does not exist ──────────────────────────────────────────────
  {
    id: 'userunknown/box-unknown',
    reason: 'userunknown',
    // "<thing> unknown | not found | does not exist | invalid | not recognized": Sendmail "User
    // unknown", Postfix "Recipient address rejected", Gmail "does not exist", Exchange "not found";
    // "recipient (is) not accepted" only as a final word: greylisting says it too, with "try again"
    pattern: new RegExp(
      String.raw`\b(?:${BOX}(?:e?s)?|rcpt)(?:'s)?(?: name)?(?: specified)?${NAMED} (?:is |was |are |were )?(?:unknown|not found|not known|(?:does not|doesn'?t|did not|not) exists?|invalid|not (?:valid|recogni[sz]ed|registered|listed|present|local|ok)\b|unava(?:ilable|iable)|nonexistent|non-existent|(?:couldn'?t|could not|can'?t|cannot) be found)\b|<[^<>\s]+@[^<>\s]+>\.*:? (?:not found|(?:is )?unknown|does not exist)\b|\brecipient (?:is )?not accepted\b(?!.*\b(?:greylist\w*|try (?:again|later)|later|temporar\w*)\b)`,
      'i',
    ),
    examples: [
      '550 5.1.1 <kijitora@example.jp>... User unknown',
      "Your message wasn't delivered to a@example.com because the address couldn't be found, or is unable to receive mail.",
      '550 User <nosuchlocal> unknown',
      '550 5.1.1 Mailbox does not exist',
      '550 5.1.1 Requested action not taken: mailbox unavailable',
      'The recipient name is not recognized',
      '550 5.1.1 Recipient not found',
      '550 5.1.1 Address a@example.org does not exist',
      '550 5.1.1 The account <a@example.org> does not exist',
      '550 5.1.1 user kijitora does not exist',
      '550 5.1.1 rcpt <a@example.org> does not exist',
      '550 Mailbox kijitora unavaiable',
      '550 5.1.1 destination addresses were unknown',
      '550 5.1.1 Recipient is not local',
      '550 <a@example.org> not found',
      '550 5.1.1 Recipient is not accepted',
    ],
    // greylisting (postgrey), the sender's domain (Sendmail, Postfix), the recipient's domain,
    // a busy mailbox (RFC 5321 450)
    mustNot: [
      '451 4.7.1 Recipient not accepted (greylisted), try again in 5 minutes',
      '450 4.2.0 <a@example.net>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/example.net.html',
      '553 5.1.8 <a@example.org>... Domain of sender address a@example.org does not exist',
      '450 4.1.8 <a@example.org>: Sender address rejected: Domain not found',
      '550 5.1.2 Host unknown (Name server: example.net: host not found)',
      '550 5.1.2 <a@example.net>: Recipient address rejected: Domain not found',
      '450 4.2.0 Mailbox temporarily unavailable',
    ],
    source:
      'Sendmail, Postfix, Gmail ("** Address not found **"), Exchange, Courier (its local module: "User <a> unknown"), Sisimai reason/why-userunknown.go (the address between the box word and the verdict)',
  },
  {
    id: 'userunknown/you-tried',
    reason: 'userunknown',
    // "the <thing> (that) you tried to reach / sent to does not exist"
    pattern: new RegExp(
      String.raw`\b${BOX} (?:that )?you (?:tried to reach|are trying to reach|(?:have )?sent (?:a message )?to|wrote to) (?:does not exist|doesn'?t exist|is (?:invalid|unknown|not valid))\b`,
      'i',
    ),
    examples: ['550-5.1.1 The email account that you tried to reach does not exist.'],
    source: 'Gmail',
  },
  {
    id: 'userunknown/unknown-box',
    reason: 'userunknown',
    // "unknown | invalid | no such | bad | non-existent <thing>"
    pattern: new RegExp(
      String.raw`\b(?:unknown|invalid|no such|bad|non-?existent|nonexistent|illegal|unrecogni[sz]ed) (?:or illegal )?(?:local |destination |e-?mail |virtual )?${BOX}\b`,
      'i',
    ),
    examples: [
      '550 5.1.1 <nobody@example.org>: unknown user',
      '553 5.1.1 unknown or illegal alias: kijitora@example.com',
      '550 No such user here',
      '550 5.1.1 Invalid recipient',
      'bad destination mailbox address',
      'unknown local part nobody in <nobody@example.org>',
      'vdeliver: Invalid or unknown virtual user',
    ],
    source: 'Sendmail, Exim, qmail (vpopmail vdeliver), RFC 3463 (x.1.1 "Bad destination mailbox address")',
  },
  {
    id: 'userunknown/not-a-valid-box',
    reason: 'userunknown',
    pattern: new RegExp(
      String.raw`\b(?:is )?not an? (?:valid|known|existing|local|active) ${BOX}\b|\bno ${BOX} (?:here )?(?:by that name|with that name|found|available)\b|\b${BOX} (?:has been )?(?:removed|deleted)\b|\bno one (?:at|with) (?:this|that) (?:address|name)\b|\bcan'?t accept (?:the )?(?:user|recipient)\b`,
      'i',
    ),
    examples: [
      '550 kijitora is not a valid mailbox',
      '550 sorry, no mailbox here by that name (#5.1.1)',
      '550 5.1.1 Recipient has been deleted',
      '550 kijitora@example.org is not an active address at this host',
      '550 No mail box available for this user',
      '550 There is no one at this address',
    ],
    source: 'qmail (vpopmail, chkuser), Sisimai reason/why-userunknown.go',
  },
  {
    id: 'userunknown/lookup-table',
    reason: 'userunknown',
    pattern:
      /\bunknown in (?:local recipient|virtual (?:alias|mailbox)|relay recipient) table\b|\brecipient address rejected: (?:undeliverable address|access denied|user ?unknown|invalid[- ](?:user|recipient))\b/i,
    examples: [
      '550 5.1.1 <a@example.jp>: Recipient address rejected: User unknown in virtual mailbox table',
      '550 5.1.1 <a@example.jp>: Recipient address rejected: undeliverable address: host mx said: 550 5.1.1 unknown',
      '550 5.4.1 Recipient address rejected: Access denied',
      '550 5.1.1 <a@example.jp>: Recipient address rejected: invalid-recipient',
    ],
    source: 'Postfix (smtpd recipient restrictions), Office 365 (directory-based edge blocking)',
  },
  {
    id: 'userunknown/address-rejected',
    reason: 'userunknown',
    // a bare "Recipient address rejected" (no cause after it) or "recipient rejected"
    pattern:
      /\brecipient (?:address )?rejected\b(?!:\s*\S)|\baddress rejected\.?\s*$|\bdestination server rejected (?:the )?recipients?\b/i,
    examples: [
      '550 <a@ne.example.jp>: Recipient address rejected.',
      '550 Recipient rejected',
      'The destination server rejected recipients',
    ],
  },
  {
    id: 'userunknown/no-account',
    reason: 'userunknown',
    pattern:
      /\b(?:does ?n[o']t|do(?:es)? not) have an? [\w.-]+ (?:e-?mail )?account\b|\bno (?:e-?mail )?account (?:for|with)\b|\baddress (?:is )?(?:wrong or )?no longer valid\b/i,
    examples: [
      "554 delivery error: dd This user doesn't have a yahoo.com account (a@yahoo.com)",
      '550 no account for this address',
      '550 This email address is wrong or no longer valid',
    ],
    source: 'Yahoo, Sisimai reason/why-userunknown.go',
  },
  {
    id: 'userunknown/directory',
    reason: 'userunknown',
    definitive: true,
    pattern:
      /\bresolver\.adr\.recip(?:ient)? ?notfound\b|\b(?:ex)?recip(?:ient)?notfound\b|\bnot listed in (?:the )?(?:public name (?:&|and) address book|domino directory)\b|\be-?mail address (?:you entered )?(?:couldn'?t|could not|wasn'?t|was not) (?:be )?found\b|^\s*(?:unknown user|user unknown|no such user)\s*:\s*\S+@\S+\s*$|\bno valid recipients?\b|\bcheck (?:if|that|whether) (?:the )?address is correct\b/i,
    examples: [
      '550 5.1.1 RESOLVER.ADR.RecipNotFound; not found',
      '#550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found ##',
      "The email address you entered couldn't be found.",
      'User not listed in public Name & Address Book',
      'Unknown user: a@example.com',
      'Error: No valid recipients for this message',
    ],
    source:
      'Exchange / Office 365 (RESOLVER.ADR.*), Lotus Domino, IMail (one verdict line per recipient), MMS gateways',
  },
  {
    id: 'userunknown/not-in-directory',
    reason: 'userunknown',
    // a directory lookup (LDAP, a name directory) that found nobody, at the stage it answers
    pattern:
      /\b(?:address|user|recipient|mailbox) not (?:present|listed|found) in (?:the )?(?:[\w-]+ )?directory\b|\bno \S+ in (?:the )?name directory\b|\buser missing home directory\b/i,
    examples: [
      '550 5.1.1 Address not present in directory',
      '550 No kijitora in name directory',
      'user missing home directory',
    ],
    source: 'Sisimai reason/why-userunknown.go',
  },
  {
    id: 'userunknown/recipient-lists',
    reason: 'userunknown',
    // qmail-smtpd's recipient-list patches refuse an address their list does not hold; "isn't in
    // my list of allowed rcpthosts" in the same sentence would otherwise read as relaying
    pattern:
      /\bbadrcptto\b|\bbadrecipientto\b|\bnot in my validrcptto\b|\benvelope recipient (?:has been denied|is in my)\b|\bdomain or user isn'?t in my list of allowed rcpthosts\b/i,
    specific: true,
    addressVerdict: true,
    examples: [
      '553 sorry, your envelope recipient is in my badrcptto list (#5.7.1)',
      '550 sorry, this recipient is not in my validrcptto list (#5.1.1)',
      '550 Sorry, your envelope recipient has been denied',
      "553 sorry, that domain or user isn't in my list of allowed rcpthosts (#5.7.1)",
    ],
    source: 'qmail badrcptto and validrcptto patches, Sisimai reason/why-userunknown.go',
  },

  // ── hostunknown: the domain does not exist or has no mail host ───────────────────────────
  {
    id: 'hostunknown/domain-unknown',
    reason: 'hostunknown',
    pattern:
      /\b(?:recipient |destination |target )?(?:domain|host)(?: name)?(?: part)?(?: [a-z0-9-]+(?:\.[a-z0-9-]+)+)? (?:is )?(?:unknown|not found|(?:does not|doesn'?t|must) exist|not exist|not registered|not resolvable|not reachable|invalid)\b(?!, try again)/i,
    examples: [
      'Host or domain name not found. Name service error for name=example.cat type=A: Host not found',
      '550 5.1.2 Domain does not exist',
      '554 <a@example.org>... 550 Host unknown (Authoritative answer from name server)',
      '550 5.1.2 Domain example.org does not exist',
      '550 5.1.2 <a@example.invalid>: Recipient address rejected: recipient domain must exist',
    ],
    source: 'Postfix, Sendmail, Sisimai reason/why-hostunknown.go',
  },
  {
    id: 'hostunknown/unknown-domain',
    reason: 'hostunknown',
    pattern:
      /\b(?:unknown|invalid|no such|bad|non-?existent) (?:destination )?(?:domain|host)(?: name)?\b|\bbad destination system address\b|\bunrout(?:e)?able (?:mail )?(?:domain|address)\b(?! .{0,10}sender)|\bnxdomain\b|\bname or service not known\b|\bdomain (?:mentioned |given |specified |used )?in (?:the |your |this )?e-?mail address is (?:unknown|invalid|not valid)\b/i,
    examples: [
      'No such domain.',
      'Unrouteable address',
      'DNS lookup of example.cat: NXDOMAIN',
      'bad destination system address',
      '550 Mail domain mentioned in email address is unknown',
    ],
    source: 'Exim ("Unrouteable address"), Courier, RFC 3463 (x.1.2)',
  },
  {
    id: 'hostunknown/no-host-named',
    reason: 'hostunknown',
    pattern:
      /\bcould(?:n'?t| not) find any host (?:named|by that name)\b|\b(?:the )?account or domain may not exist\b|\bdestination server for this recipient could not be found in (?:the )?(?:domain name service|dns)\b|\b(?:weren'?t|were not) able to find the recipient domain\b|\bthe domain \S+ (?:couldn'?t|could not) be found\b|\bdestination e-?mail system is unknown or invalid\b|\ball relevant mx records point to non-?existent hosts\b|\bcan'?t find a valid mx for rcpt domain\b/i,
    examples: [
      "Sorry, I couldn't find any host named cx.example.com. (#5.1.2)",
      'The mail server could not deliver mail to a@example.net. The account or domain may not exist',
      'The destination server for this recipient could not be found in Domain Name Service (DNS).',
      "553 5.1.2 We weren't able to find the recipient domain. Please check for any spelling errors",
      "Your message wasn't delivered to a@example.invalid because the domain example.invalid couldn't be found.",
      'all relevant MX records point to non-existent hosts',
      "The message could not be delivered because the recipient's destination e-mail system is unknown or invalid.",
      "511 sorry, can't find a valid MX for rcpt domain (#5.1.1 - chkuser)",
    ],
    specific: true,
    source:
      'qmail (qmail-remote perm_dns), chkuser (CHKUSER_RCPTMX_STRING), Exim (cPanel; its dnslookup router when every MX host name is NXDOMAIN), Exchange 2000/2003 (KB 284204, 5.4.0), Gmail (SMTP error reference 5.1.2, "** Domain not found **")',
  },

  // ── hasmoved ─────────────────────────────────────────────────────────────────────────────
  {
    id: 'hasmoved/moved',
    reason: 'hasmoved',
    pattern:
      /\b(?:has|have) moved\b|\bno forwarding address\b|\buser not local; please try\b|\baddress (?:has )?changed to\b|\bmoved to (?:a )?new (?:address|mailbox)\b|\bhas been replaced by\b/i,
    examples: [
      '550 5.1.6 Destination mailbox has moved, No forwarding address',
      '551 User not local; please try <b@example.org>',
      '550 5.1.6 a@example.org has been replaced by b@example.org',
    ],
    source: 'RFC 5321 (551), RFC 3463 (x.1.6), Sisimai reason/why-hasmoved.go',
  },

  // ── mailboxfull ──────────────────────────────────────────────────────────────────────────
  {
    id: 'mailboxfull/box-full',
    reason: 'mailboxfull',
    // a mailbox over its STORAGE limit: an hourly or daily limit of incoming messages is a rate
    pattern: new RegExp(
      String.raw`\b${BOX}(?:'s)?(?: storage)? (?:is |was |has become |currently )?(?:full|over (?:the )?(?:allowed )?(?:storage )?(?:quota|limit)|overquota|out of (?:storage|space)|exceeds? (?:allowed size|(?:its |the )?(?:storage )?(?:quota|size limit)))\b|\bmail ?box (?:is )?full\b|\bfull (?:mail ?box|inbox|mail ?folder)\b|\b(?:mail ?box|inbox|mail ?folder) (?:would exceed|(?:has )?exceeded (?:the |its )?(?:storage |size |quota |disk )limit)\b|\bspace has been used up\b|\btoo many messages (?:on the server|in (?:the |this |their |his |her )?(?:mail ?box|inbox))\b|\btoo much mail data\b|\bfor exceeding (?:its |the )?receiving limits?\b`,
      'i',
    ),
    examples: [
      "The e-mail message could not be delivered because the user's mailfolder is full.",
      '450 4.2.2 <a@example.jp>... Mailbox Full',
      "552 5.2.2 Mailbox full: the recipient's mailbox is over its storage quota",
      'mailbox is full (MTA-imposed quota exceeded while writing to file /var/mail/a)',
      'a@example.com: The users mailfolder is over the allowed quota (size). (#5.2.2)',
      '552 5.2.2 Full mailbox',
      '552 5.2.2 Mailbox would exceed maximum allowed storage',
      "552 User's space has been used up",
      '552 User has too many messages on the server',
      '552 Too much mail data',
      '550 Account disabled temporarly for exceeding receiving limits',
    ],
    mustNot: [
      '450 4.2.1 The user mailbox has exceeded the hourly limit of incoming messages',
      '452 4.3.1 Insufficient system storage',
      '552 5.2.3 Message length exceeds administrative limit',
      '550 5.2.1 Mailbox disabled, not accepting messages',
    ],
    source: 'RFC 3463 (x.2.2), vpopmail, Sisimai reason/why-mailboxfull.go (NTT docomo "too much mail data")',
  },
  {
    id: 'mailboxfull/quota',
    reason: 'mailboxfull',
    pattern:
      /\bover ?quota\b|(?<!(?:sending|daily|hourly|send|rate|message) )\b(?:disk |storage |mailbox )?quota (?:exceeded|exceed|full|violation|reached)\b|\bexceed(?:ed|s)? (?:the |its |his |her |their )?(?:storage |mailbox |disk )?quota\b|\b(?:disk|storage|mailbox) quota\b|\bquotaexceeded\b/i,
    examples: [
      '552 5.2.2 Quota exceeded (mailbox for user is full)',
      '552 5.2.2 Disk quota exceeded',
      '552 5.2.2 The email account that you tried to reach is over quota.',
      'Mail quota exceeded.',
    ],
    mustNot: [
      '550 5.4.5 Daily user sending quota exceeded.',
      '454 Throttling failure: Daily message quota exceeded.',
      '452 4.3.1 Insufficient system storage',
    ],
    source: 'Gmail (SMTP error reference 5.2.2), Courier (its local delivery)',
  },
  {
    id: 'mailboxfull/storage',
    reason: 'mailboxfull',
    pattern:
      /\b(?:exceeded storage allocation|storage allocation exceeded)\b|\b(?:not enough|insufficient) (?:storage|space|disk space) (?:in|for) (?:the )?(?:user|mailbox|recipient|account)\b|\b(?:mailbox|account) (?:size|storage) limit\b|\bnumber of messages in (?:the )?(?:recipient'?s? )?mailbox exceeded\b|\bfile too large\b/i,
    examples: [
      '552 Requested mail action aborted: exceeded storage allocation',
      "The number of messages in recipient's mailbox exceeded the local limit.",
      'cannot update mailbox /var/mail/a for user a. error writing message: File too large',
    ],
    mustNot: [
      '552 5.3.4 Message size exceeds fixed maximum message size',
      '552 5.2.3 Message length exceeds administrative limit',
      '452 4.3.1 Insufficient system storage',
    ],
    source: 'RFC 5321 (552 text), Postfix local(8) over mailbox_size_limit',
  },

  // ── systemfull ───────────────────────────────────────────────────────────────────────────
  {
    id: 'systemfull/storage',
    reason: 'systemfull',
    pattern:
      /\binsufficient (?:system (?:storage|resources)|disk space)\b|\bmail system (?:is )?full\b|\bno space left on device\b|\bout of (?:disk )?space\b|\bdisk (?:is )?full\b|\bsystem (?:is )?(?:congested|overloaded)\b/i,
    examples: [
      '452 4.3.1 Insufficient system resources',
      '452 Requested action not taken: insufficient system storage',
      '452 4.4.5 Insufficient disk space; try again later',
    ],
    source: 'RFC 5321 (452), RFC 3463 (x.3.1), Sendmail (srvrsmtp.c, a full queue disk)',
  },

  // ── suspend: the account exists but is disabled ──────────────────────────────────────────
  {
    id: 'suspend/disabled',
    reason: 'suspend',
    pattern: new RegExp(
      String.raw`\b${BOX}(?:\(s\))?(?: account)? (?:is |has been |was |are )?(?:currently |temporar(?:il)?y |permanently )?(?:disabled|suspended|deactivated|inactive|locked|frozen|closed|discontinued|terminated|expired|not active|on hold|blocked(?: by (?:the )?(?:administrator|owner))?)\b`,
      'i',
    ),
    examples: [
      'vdelivermail: account is locked email bounced',
      '550 5.2.1 Mailbox disabled, not accepting messages',
      '550 5.5.0 The recipient account is blocked.',
    ],
    mustNot: [
      '552 5.2.2 Mailbox full, account disabled for incoming mail',
      '550 Account disabled temporarly for exceeding receiving limits',
      '550 5.7.1 Mail from your IP address has been temporarily blocked',
      '550 5.7.1 <news@shop.example>: Sender address blocked',
      '450 4.2.0 Mailbox temporarily unavailable',
    ],
    source: 'Gmail, vpopmail, RFC 3463 (x.2.1)',
  },
  {
    id: 'suspend/you-tried',
    reason: 'suspend',
    pattern: new RegExp(
      String.raw`\b${BOX} (?:that )?you (?:tried to reach|are trying to reach) is (?:disabled|inactive|suspended|deactivated|locked)\b`,
      'i',
    ),
    examples: ['550-5.2.1 The email account that you tried to reach is disabled.'],
    mustNot: [
      '550-5.1.1 The email account that you tried to reach does not exist.',
      '552-5.2.2 The email account that you tried to reach is over quota.',
    ],
    source: 'Gmail',
  },
  {
    id: 'suspend/inactive',
    reason: 'suspend',
    // not Postfix's "delivery temporarily suspended: <cause>", which stops delivery to a HOST
    pattern:
      /\b(?:inactive|disabled|suspended|deactivated|closed|locked|archived) (?:e-?mail |mail )?(?:recipient|address|account|mailbox|user)\b|\btemporar(?:il)?y (?:locked|disabled|inactive)\b|(?<!delivery )\btemporar(?:il)?y suspended\b|\b(?:is currently|has been) suspended\b|\bsuspend(?:ed)? the service\b|\b(?:user|domain) or (?:user|domain) is disabled\b|\bmailbox (?:\S+ )?unavailable or access denied\b|\bno longer (?:in use|active|in service|available|accepts? (?:e-?)?mail)\b|\badministrativ\w* (?:disabled|locked|suspended)\b/i,
    examples: [
      '550 5.1.1 <a@icloud.com>: inactive email address',
      '525 5.7.13 Disabled recipient address',
      'This email inbox a@example.com is no longer in use.',
      'Mailaddress is administrativley disabled. (LDAP-ERR #220)',
      'This address no longer accepts mail.',
      '550 Archived recipient',
      '550 5.2.1 <a@example.org>: Recipient rejected: Temporarily inactive',
      '550 a@example.org is currently suspended',
      '550 User or domain is disabled',
      '550 Mailbox unavailable or access denied',
      '550 Recipient suspend the service',
    ],
    // Postfix's "delivery temporarily suspended: <cause>" (the cause is the reason)
    mustNot: [
      'delivery temporarily suspended: connect to mx.example.net[192.0.2.1]:25: Connection timed out',
      'delivery temporarily suspended: host mx.example.net[192.0.2.1] refused to talk to me: 421 Service not available',
      'delivery temporarily suspended: lost connection with mx.example.net[192.0.2.1] while receiving the initial server greeting',
      '450 4.2.0 Mailbox temporarily unavailable',
    ],
    source:
      'qmail-ldap (qmail-lspawn: an account whose status is "bounce"), qmail dot-qmail(5) (its bouncesaying example), Sisimai reason/why-suspend.go',
  },

  // ── blocked: the sending IP or host was refused ──────────────────────────────────────────
  {
    id: 'blocked/blocklist',
    reason: 'blocked',
    pattern:
      /\b(?:black|block|deny|ban)[ -]?list(?:ed|s)?\b|\bblocked using\b|\blisted (?:in|on|at|by) (?:the )?[a-z0-9.-]*(?:rbl|bl|dnsbl)\b|\b(?:spamhaus|spamcop|sorbs|barracudacentral|dnsbl|rbl|uceprotect|psbl|abuseat|surbl)\b/i,
    examples: [
      '550 5.7.1 IP address blacklisted by recipient',
      '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
    ],
    mustNot: [
      '550 Your email address has been blacklisted',
      '553 Sender is in my black list',
      '554 Blacklisted URL in message',
    ],
  },
  {
    id: 'blocked/client-refused',
    reason: 'blocked',
    pattern:
      /\b(?:client|sending|sender'?s?|your|connecting) (?:host|ip|ip address|server|mta|network|relay|netblock|domain|system)(?: \[?[0-9a-f.:]+\]?)?(?: address)? (?:is |has been |was )?(?:rejected|blocked|blacklisted|banned|refused|denied|not (?:allowed|permitted|authorized))\b|\bremote (?:host|server|mta)(?: \[?[0-9a-f.:]+\]?)? (?:is|has been|was) (?:rejected|blocked|blacklisted|banned|refused|denied)\b|\bip(?: address)?(?: \[?[0-9a-f.:]+\]?)? (?:is |has been |was )?(?:temporarily |permanently )?(?:blocked|blacklisted|banned|refused|rejected|denied|not (?:allowed|permitted))\b/i,
    examples: [
      '450 4.7.1 <c135.example.ne.jp[192.0.2.56]>: Client host rejected: may not be mail exchanger',
      '554 Your IP address 192.0.2.1 has been blocked',
      '550 5.7.1 Mail from your IP address has been temporarily blocked',
    ],
    mustNot: [
      '450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]',
      '451 4.7.1 <mx.example.org[192.0.2.2]>: Client host rejected: Please try again slower',
      '550 5.7.1 <news@shop.example>: Sender address blocked',
    ],
    // the remote server as the one refusing ("the remote server rejected it") is not this
    source: 'Postfix (reject_*_client), many receivers',
  },
  {
    id: 'blocked/connection-refused',
    reason: 'blocked',
    pattern:
      /\brefused to talk to me\b|\bnot accepting connections\b|\bconnections? (?:refused|rejected|not allowed|denied) (?:from|by policy|due to)\b|\bno access from mail server\b|\bopen relay\b|\baccess denied for (?:your|this) (?:ip|host)\b/i,
    examples: [
      'host mx.example.net[203.0.113.127] refused to talk to me: 421 Service not available',
      '554 Connection rejected from 192.0.2.9',
    ],
    mustNot: [
      'connect to mx.example.net[192.0.2.1]:25: Connection refused',
      '554 5.7.1 <a@example.net>: Relay access denied',
      '421 4.7.0 Too many concurrent SMTP connections from this IP address; please try again later',
    ],
    source: 'Postfix (a refusal at the greeting)',
  },
  {
    id: 'blocked/end-user-ip',
    reason: 'blocked',
    pattern:
      /\b(?:please )?use (?:the )?(?:smtp|mail|outgoing mail) server (?:of|provided by) your (?:isp|provider)\b|\bdynamic(?:ally assigned)? ip(?:s| address(?:es)?)?\b|\bdial-?up\b|\bresidential ip(?:s| address(?:es)?)?\b|\b(?:invalid|not an authorized|unauthorized) ip (?:for sending|to send)\b|\bnot authorized to send (?:mail )?from (?:this|your) ip\b|\bmessages from \[?[0-9a-f.:]+\]? weren'?t sent\b|\bnot authorized to send (?:e-?mail|mail) directly to our servers\b/i,
    examples: [
      '550 5.7.0 <a@example.jp>... Please use the smtp server of your ISP.',
      "550 SC-004 Unfortunately, messages from 192.0.2.22 weren't sent.",
      '554 INVALID IP FOR SENDING MAIL OF DOMAIN',
      '550 5.0.0 <a@example.org>... We do not accept mail from dynamic IPs',
      "550 5.7.1 The IP you're using to send mail is not authorized to send email directly to our servers.",
    ],
    mustNot: [
      '450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]',
      '530 5.7.0 Authentication required',
    ],
    source: 'Outlook.com, Yahoo, ISP end-user blocks, Gmail (SMTP error reference 5.7.1)',
  },

  {
    id: 'blocked/sending-host',
    reason: 'blocked',
    // refusals that name the sending IP, host or network (or its spam) as what is refused
    pattern:
      /\b(?:bad|banned) (?:sending|sender) ip(?: address)?\b|\bsender ip address rejected\b|\b(?:you are|currently) sending spam\b|\bspams? from your ip\b|\bspam ips\b|\bremote ?host looks suspiciously like (?:a )?spammer\b|\bbad ip profile\b|\bhost network not allowed\b|\bnot allowed to connect\b|\baccess forbidden by your ip\b|\bmail server at \S+ is blocked\b|\bmail from \[?\d{1,3}(?:\.\d{1,3}){3}\]? refused\b|\blisted as abusive\b|\bnot (?:currently )?accepting mail from your ip\b|\bopen proxy\b|\bunwanted messages have been sent from\b|\bsending mta or the sender has not passed validation\b|\b(?:blocked|refused) - see https?:|\bhelo command rejected\b|\byour server requires confirmation\b|\bconfirm this mail server\b/i,
    examples: [
      '550 5.7.1 Service unavailable, banned sending IP',
      '550 Bad sender IP address',
      '550 You are sending spam',
      '554 Too many spams from your IP',
      '550 Sorry, your remotehost looks suspiciously like spammer',
      '550 Extreme bad IP profile',
      '550 You are not allowed to connect',
      '550 Mail from 192.0.2.1 refused: see http://www.example.org/rbl',
      '550 Server IP 192.0.2.1 listed as abusive',
      '550 5.7.1 Not currently accepting mail from your ip',
      '550 Rejecting open proxy 192.0.2.1',
      '554 Refused - see http://www.example.org/block',
      '504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname',
    ],
    mustNot: [
      '550 5.7.1 Message rejected as spam by Content Filtering.',
      '550 5.7.26 This mail has been blocked because the sender is unauthenticated.',
      '553 Sender is in my black list',
    ],
    source:
      'Office 365 (banned sending IP), Sendmail (srvrsmtp.c: "Rejecting open proxy"), Postfix (smtpd_helo_restrictions), free.fr, iCloud, Mimecast, Sisimai reason/why-blocked.go',
  },

  // ── badreputation ────────────────────────────────────────────────────────────────────────
  {
    id: 'badreputation/reputation',
    reason: 'badreputation',
    pattern:
      /\b(?:poor|bad|low|negative) (?:ip |sender |sending |domain |e-?mail )?reputation\b|\breputation (?:is )?(?:too low|poor|bad)\b|\b(?:ip|sender|sending|domain) reputation\b|\bdue to (?:the )?reputation\b|\bsender ?score\b|\bunexpected volume or user complaints\b|\bdue to user complaints\b/i,
    examples: [
      '550 5.7.1 Client host [192.0.2.1] blocked due to poor IP reputation',
      '421 4.7.0 [TSS04] Messages from 192.0.2.192 temporarily deferred due to unexpected volume or user complaints',
      '451 4.7.650 The mail server [192.0.2.2] has been temporarily rate limited due to IP reputation.',
      '550 Rejected due to a poor email reputation score',
    ],
    source: 'Yahoo (TSS04), Outlook.com (4.7.650)',
  },

  // ── requireptr: no reverse DNS ───────────────────────────────────────────────────────────
  {
    id: 'requireptr/reverse-dns',
    reason: 'requireptr',
    pattern:
      /\breverse[ -]?(?:dns|lookup|mapping|resolution|name)\b|\brdns\b|\bptr (?:records?|resource records?|lookup|name)\b|\b(?:no|missing|invalid|dns) ptr\b|\bdoes not resolve back\b|\bcannot resolve your (?:address|hostname|ip)\b|\bforward dns entry does not point to\b|\bunresolvable (?:relay )?host ?name\b/i,
    examples: [
      '554 5.7.1 [C14] Missing reverse DNS for 203.0.113.2',
      '550 5.7.25 The IP address sending this message does not have a PTR record setup',
      '550 5.7.1 This message does not meet IPv6 sending guidelines regarding PTR records and authentication.',
      '550 5.7.25 The corresponding forward DNS entry does not point to the sending IP',
      '550 Cannot resolve your address.',
      '450 4.7.1 <a.example>: Helo command rejected: Unresolvable relay host name',
    ],
    source: 'Gmail (5.7.25), many receivers',
  },
  {
    id: 'requireptr/hostname',
    reason: 'requireptr',
    pattern:
      /\bcannot find your (?:reverse )?hostname\b|\bclient host name (?:is )?(?:unknown|not found)\b|(?<!relaying denied\. )\bip name (?:possibly )?(?:forged|lookup failed)\b|\bunverifi?(?:y|i)able sending ips?\b|\bhostname (?:does not|doesn'?t) (?:resolve|match)\b|\bmismatch(?:es)? (?:the )?(?:client|connecting|sending) ip\b|\bhelo (?:name )?(?:does not|doesn'?t) match\b/i,
    examples: [
      '450 service permits 2 unverifyable sending IPs - neko.example.com is not 203.0.113.222',
      '550 domain [example.com] mismatches client ip 192.0.2.225.',
      '450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]',
      '550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]',
    ],
    // Sendmail's proto.m4 refuses to relay for a client whose name it could not look up: the
    // refusal is of relaying, the lookup only why it could not trust the client
    mustNot: [
      '550 5.7.1 <a@example.org>... Relaying denied. IP name lookup failed [192.0.2.1]',
      '550 5.7.1 <a@example.org>... Relaying denied. IP name possibly forged [192.0.2.1]',
    ],
    source:
      'Postfix (reject_unknown_client_hostname, reject_unknown_reverse_client_hostname), Sendmail ("IP name lookup failed")',
  },

  // ── authfailure: SPF, DKIM, DMARC ────────────────────────────────────────────────────────
  {
    id: 'authfailure/spf-dkim-dmarc',
    reason: 'authfailure',
    pattern:
      /\b(?:dmarc|dkim|spf|sender policy framework|domainkeys)\b.{0,60}\b(?:fail(?:s|ed|ure)?|reject(?:ed|ion)?|policy|(?:not|doesn'?t|does not) pass|check|violation|alignment|invalid|verification|validation|permerror|softfail|hardfail|quarantine|not (?:authorized|permitted|designate))|\b(?:fail(?:s|ed|ure)?|reject(?:ed)?|not pass|per|due to|violat\w+|checks?)\b.{0,40}\b(?:dmarc|dkim|spf)\b/i,
    examples: [
      '550 5.7.1 Email rejected per DMARC policy for example.org',
      "550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy.",
      '550 5.7.23 SPF validation failed',
    ],
  },
  {
    id: 'authfailure/unauthenticated',
    reason: 'authfailure',
    pattern:
      /\bdoes not have authentication information\b|\bfails? to pass authentication checks\b|\b(?:multiple )?authentication checks? (?:have )?failed\b|\bdoesn'?t meet the (?:required )?authentication (?:level|requirements)\b|\bbad spf records?\b|\binspect your spf\b|\bunauthenticated (?:e-?mail|message)s? (?:(?:is |are )?not accepted|from)\b|\bsender is unauthenticated\b|\brequires? (?:all )?senders to authenticate\b|\b(?:isn'?t|is not|not) aligned with (?:either )?the authenticated (?:spf|dkim)\b/i,
    examples: [
      '550-5.7.1 This message does not have authentication information or fails to pass authentication checks',
      '550 5.7.26 Multiple authentication checks failed',
      "550 5.7.509 Access denied, sending domain example.org doesn't meet the authentication requirements defined for the sender",
      '550 Bad SPF records for [example.org:192.0.2.1]',
      '550 Please inspect your SPF settings',
      '550 5.7.1 Unauthenticated email is not accepted from this domain.',
      "421 4.7.32 Your email has been rate limited because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain.",
    ],
    source: 'Gmail (SMTP error reference 5.7.1, 5.7.26, 4.7.32)',
  },

  // ── rejected: the envelope sender was refused ────────────────────────────────────────────
  {
    id: 'rejected/sender',
    reason: 'rejected',
    pattern:
      /\bsender(?: e-?mail| envelope)?(?: address| domain)? (?:is |was |has been )?(?:rejected|refused|denied|not allowed|invalid|unknown|blocked|not accepted)\b|\bsender verify failed\b|\b(?:invalid|unknown|bad|unroutable|unverified|unacceptable) (?:envelope )?sender\b|\b(?:mail from|envelope sender|return path) (?:address )?(?:rejected|refused|not accepted|invalid)\b|\bbadmailfrom\b/i,
    examples: [
      '501 5.1.8 Sender address rejected',
      '550 Sender verify failed',
      '553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)',
      '553 Sender email address rejected',
      'Connected to 192.0.2.1 but sender was rejected.',
    ],
    mustNot: [
      '550 Sender IP address rejected',
      '550 5.1.0 Sender rejected: SPF record does not designate 192.0.2.1',
      '550 5.1.1 <a@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
      '554 5.7.1 <a@example.net>: Relay access denied',
    ],
    source: 'Postfix, Exim (verify = sender), qmail-smtpd (err_bmf), qmail-remote',
  },
  {
    id: 'rejected/sender-domain',
    reason: 'rejected',
    pattern:
      /\bdomain of sender address(?: \S{1,200})? does not (?:exist|resolve)\b|\bsender domain must (?:exist|resolve)\b|\bfrom:? domain is invalid\b|\bplease provide a valid from\b|\bbad sender'?s (?:mailbox|system) address\b|\b(?:real )?domain name required for sender address\b|\bcan'?t find a valid mx for sender domain\b/i,
    examples: [
      '553 5.1.8 <a@example.jp>: Sender address rejected: Domain of sender address a@example.jp does not exist',
      '553 5.1.8 Domain of sender address a@example.jp does not resolve',
      '553 5.5.4 <a>... Domain name required for sender address a',
      "511 sorry, can't find a valid MX for sender domain (#5.1.1 - chkuser)",
    ],
    mustNot: [
      '550 5.1.2 <a@example.net>: Recipient address rejected: Domain not found',
      '550 5.1.2 Host unknown (Name server: example.net: host not found)',
    ],
    source:
      'Postfix (reject_unknown_sender_domain), Sendmail (proto.m4: "Domain name required for sender address"), chkuser (CHKUSER_SENDERMX_STRING), RFC 3463 (x.1.7, x.1.8)',
  },
  {
    id: 'rejected/sender-blocklisted',
    reason: 'rejected',
    // the envelope SENDER on a receiver's list, not the sending IP: blocklist words alone would
    // read as the host blocked
    pattern:
      /\bsender(?: address)? (?:has been |is )?(?:black|block)listed\b|\bsender is in my black ?list\b|\b(?:your )?e-?mail address has been (?:black|block)listed\b|\ban address that has been (?:black|block)listed\b|\bsender is (?:a )?spammer\b/i,
    specific: true,
    examples: [
      '550 Access denied (sender blacklisted)',
      '550 Sender address has been blacklisted',
      '553 Sender is in my black list',
      '550 Your email address has been blacklisted',
      '550 You are sending to/from an address that has been blacklisted',
    ],
    mustNot: [
      '554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org',
      '554 Blacklisted URL in message',
    ],
    source: 'Symantec MessageLabs, Sisimai reason/why-rejected.go',
  },
  {
    id: 'rejected/null-sender',
    reason: 'rejected',
    // refusals of bounces themselves (the empty reverse-path of RFC 5321 §4.5.5) and of bounces
    // whose return address carries no valid BATV tag: backscatter defences (named as such, not
    // the word alone, which amavis's own bounce text uses to explain itself). An "empty address"
    // must name the sender side: at RCPT it is the recipient's address syntax (RFC 3463 x.1.3)
    pattern:
      /\b(?:empty|null|blank) (?:envelope )?senders? (?:is |are )?not (?:allowed|accepted)\b|\bbogus mail from\b|\bno third-party dsns\b|\breturned mail not accepted\b|\bunsigned dsn\b|\bbatv\b|\bbackscatter (?:protection|defen[cs]e|filter)\b|\bsender domain is empty\b|\bempty (?:sender|envelope from|mail from|reverse[- ]path) address\b|\bsyntax error: empty (?:e-?mail )?address\b/i,
    examples: [
      '550 Empty envelope senders not allowed',
      '550 Null sender is not allowed',
      '550 Bogus mail from',
      '550 Error: no third-party DSNs',
      '550 Returned mail not accepted here',
      '554 Transaction failed unsigned DSN for a@example.org',
      '550 BATV validation failure',
      '550 Backscatter protection detected an invalid or expired email address',
      '501 Syntax error: empty email address',
    ],
    mustNot: [
      '501 5.1.3 Empty address',
      '501 5.1.3 Bad recipient address syntax',
      '553 5.1.3 <a@example.net>... User address required',
    ],
    source:
      'IMail, SpamWall, SonicWall (BATV), MDaemon (backscatter protection), Sisimai reason/why-rejected.go',
  },
  {
    id: 'rejected/sender-not-allowed',
    reason: 'rejected',
    pattern:
      /\bsender (?:is )?not (?:pre-?approved|authori[sz]ed|permitted)\b|\bsender isn'?t on the recipient'?s list of senders\b|\b(?:mail from|sender address|envelope sender) (?:is )?not owned by\b|\bnot a registered gateway user\b|\bsending this from a different address or alias\b|\be-?mail address is not verified\b|\bsenderfilterconfig\b|\bfully qualified (?:e-?mail )?address required\b|\bwithout a valid sender domain\b|\baccess to submit messages to this e-?mail system has been rejected\b|\bpurported responsible address\b/i,
    examples: [
      '550 Sender not pre-approved',
      "550 5.7.1 Delivery not authorized, message refused because the sender isn't on the recipient's list of senders to accept mail from",
      '550 Mail from not owned by user',
      '554 Message rejected: Email address is not verified. The following identities failed the check',
      '550 5.7.1 Email address is on SenderFilterConfig list',
      '553 5.5.4 Fully qualified email address required',
      '550 Connections not accepted from servers without a valid sender domain',
      '550 5.7.1 Your access to submit messages to this e-mail system has been rejected',
      "550 5.7.1 Can't determine Purported Responsible Address",
    ],
    mustNot: ['554 5.7.1 <a@example.net>: Relay access denied', '530 5.7.0 Authentication required'],
    source:
      'Exchange (sender filter agent: SenderFilterConfig; delivery restrictions), Amazon SES (unverified identity), Sender ID (RFC 4407 PRA), McAfee, Sisimai reason/why-rejected.go',
  },
  {
    id: 'rejected/list-post',
    reason: 'rejected',
    pattern:
      /\bnot a member of (?:this|the) (?:mailing )?(?:list|group)\b|\b(?:may not|do not|don'?t) have permission to post\b|\bnot allowed to post\b|\bposting (?:is )?(?:restricted|not allowed)\b/i,
    examples: [
      'You are not a member of this mailing list <list@example.org>.',
      'You do not have permission to post to this group',
    ],
    mustNot: ['550 5.7.1 <a@example.net>... Relaying denied'],
    source: 'Mailman, Google Groups, fml',
  },

  // ── spamdetected ─────────────────────────────────────────────────────────────────────────
  {
    id: 'spamdetected/spam',
    reason: 'spamdetected',
    pattern:
      /\bspam(?:s|my|mers?|ming|profiler)?\b|\bantispam checks?\b|\bunsolicited (?:bulk |commercial )?(?:e-?mail|mail|message)\b|\b(?:appears to be|considered|looks like) (?:an? )?(?:unsolicited|bulk|junk)\b|\bUBE\b|\bjunk ?mail\b|\bclassified as (?:spam|bulk|junk)\b|\bclassification as bulk\b|\bbulk[ .](?:e-?mail|mail|advertising)\b|\bspamassassin\b|\bbulk e-?mail filter\b|\b(?:mail|message) content (?:rejected|denied)\b|\brejecting mail content\b|\bbecause of unacceptable content\b|\bcontent (?:looks like|appears to be|was (?:classified|identified) as) spam\b|\brecurrent pattern detection\b/i,
    examples: [
      '554 5.7.0 Reject, id=22222-22 - SPAM',
      '550 5.7.1 Message rejected as spam by Content Filtering.',
      '500 5.6.1 Message content rejected',
      '550 Mail appears to be unsolicited',
      '550 Message refused by MailMarshal SpamProfiler',
      '550 Your message failed several antispam checks',
      '554 The message was rejected due to classification as bulk mail',
      '554 Reject bulk.advertising',
      '554 Mail content denied',
      '554 Message rejected because of unacceptable content',
      '554 This message was rejected by Recurrent Pattern Detection System',
    ],
    source: 'Sisimai reason/why-spamdetected.go (MailMarshal, Cyberoam, Yahoo, QQ, Commtouch RPD)',
  },
  {
    id: 'spamdetected/content-verdicts',
    reason: 'spamdetected',
    // URI blocklists list domains found in message BODIES (a content verdict, not the sending
    // host); "spam or virus" names a spam filter that also scans for viruses
    pattern:
      /\b(?:black|block)listed (?:url|uri|domain|link)s? in (?:the )?message\b|\buribl\b|\bsurbl\b|\bspam ?(?:or|\/) ?virus\b/i,
    specific: true,
    examples: [
      '554 Blacklisted URL in message',
      '554 Your email breaches local URIBL policy',
      '554 Rule imposed as example.org is blacklisted on URIBL',
      '554 Message contains spam or virus',
      '554 Message was rejected for possible spam/virus content',
    ],
    source:
      'URIBL and SURBL (uribl.com, surbl.org: domains that appear in message bodies), Sisimai reason/why-spamdetected.go',
  },

  // ── virusdetected ────────────────────────────────────────────────────────────────────────
  {
    id: 'virusdetected/virus',
    reason: 'virusdetected',
    pattern:
      /\bvirus(?:es)?\b|\bmalware\b|\binfected\b|\btrojan\b|\bworm\b|\bmalicious (?:content|attachment|software|code)\b|\bpotentially executable attachment\b/i,
    examples: [
      '550 Virus Detected; Content Rejected',
      '554 5.7.1 Message contains malware',
      '552 5.7.0 This message was blocked because it has a potentially executable attachment',
    ],
    source: 'Gmail (SMTP error reference 5.7.0), Sisimai reason/why-virusdetected.go',
  },

  // ── filtered: refused for content or by the recipient's own filter ───────────────────────
  {
    id: 'filtered/recipient-filter',
    reason: 'filtered',
    pattern:
      /\brefused due to recipient preferences\b|\bonly accept(?:s|ing)? (?:mail|messages) from (?:specific|certain|known)\b|\brecipient'?s? (?:filter|preferences|settings|rules?) (?:rejected|refused|blocked)\b|\b(?:rejected|refused|blocked) by (?:the )?recipient(?:'s)?(?: filter| rules?| settings)?\b(?! (?:domain|server|system|mail server|e-?mail (?:server|system|provider)))|\bdelivery (?:was )?refused by (?:the )?recipient\b|\brecipient (?:has )?(?:refused|blocked|rejected) (?:your|this|the) (?:e-?mail|message|sender)\b|\brefuses? to receive (?:this |your |any )?(?:e-?)?mail\b|\bdue to (?:the )?(?:user|recipient)'?s? (?:rules|filters?|settings)\b|\bis not accepting any (?:e-?)?mail\b|\baccount is protected by\b|\bhas restricted sms e-?mail\b|\bresolver\.rst\.notauthorized\b/i,
    // not Gmail's framing of any remote refusal ("it was rejected by the recipient domain")
    examples: [
      '550 5.1.1 RCP-P2 Refused due to recipient preferences',
      '550 Message rejected by recipient',
      '550 User refuses to receive this mail',
      '550 Message rejected due to user rules',
      '550 This account is protected by a challenge-response filter',
      '550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized',
    ],
    source:
      'Facebook, AOL, webmail blocked-sender lists, AT&T ("has restricted SMS e-mail"), Exchange (RESOLVER.RST.NotAuthorized: a recipient that accepts only some senders), Sisimai reason/why-filtered.go',
  },
  {
    id: 'filtered/content-filter',
    reason: 'filtered',
    pattern:
      /\bcontent filter(?:ing)?\b|\bfiltered\b|\bmessage (?:was )?(?:rejected|refused|blocked) by (?:the )?(?:content|mail|message) ?filter\b|\bmail ?filter\b/i,
    examples: ['550 5.7.1 Message rejected by the content filter', '554 Message filtered'],
  },

  // ── policyviolation ──────────────────────────────────────────────────────────────────────
  {
    id: 'policyviolation/policy',
    reason: 'policyviolation',
    pattern:
      /\bpolicy reasons\b|\bpolicy violation\b|\bviolat(?:es|ed|ion of|ing) (?:our |the |local |site )?(?:\w+ )?(?:polic(?:y|ies)|terms)\b|\bprohibited by (?:the )?polic(?:y|ies)\b|\b(?:denied|rejected|refused|blocked|not accepted) (?:by|due to|because of) (?:local |site |our |administrative |security )?polic(?:y|ies)\b|\b(?:attachment|file) (?:type )?(?:is )?(?:not allowed|prohibited|blocked|forbidden)\b|\b(?:banned|prohibited|forbidden|disallowed|illegal|unacceptable) (?:file )?(?:attachments?|file types?|file names?|extensions?)\b|\bcontaining (?:images or other )?attachments\b|\bmembers-only list\b|\bclosed mailing list\b|\bnot subscribed to this group\b|\borgani[sz]ation(?:al)? (?:settings|polic(?:y|ies))\b|\bcontent presents a potential\b|\busing a mass mailer\b|\bwithout solving a captcha\b/i,
    examples: [
      '554 5.7.9 Message not accepted for policy reasons. See https://senders.yahooinc.com/error-codes',
      '550 5.7.1 Rejected due to local policy',
      '554 5.7.1 This message has been blocked because it contains a banned attachment',
      '554 Email rejected due to security policies',
      '550 5.7.1 Message bounced due to organizational settings',
      '552 5.7.0 This message was blocked because its content presents a potential security issue.',
      '550 Post by non-member to a members-only list',
      '550 The email address used to send your message is not subscribed to this group',
      '550 An illegal attachment on your message',
    ],
    source:
      'amavisd-new ("BANNED" file names and types), Mimecast (554 security policies), Gmail (SMTP error reference 5.7.0), Google Groups, Sisimai reason/why-policyviolation.go',
  },

  // ── securityerror ────────────────────────────────────────────────────────────────────────
  {
    id: 'securityerror/authentication',
    reason: 'securityerror',
    // "domain <d> is a dead domain" as Sisimai lists it: the bare "<d> is a dead domain" under
    // x.1.2 is the recipient's domain, which the code reads as hostunknown
    pattern:
      /\b(?:smtp )?authentication (?:is )?required\b|\bturn on smtp authentication\b|\b(?:relay|send) through this server without authentication\b|\bunauthenticated senders? (?:are )?not allowed\b|\bmust (?:first )?authenticate\b|\bsecurity (?:policy|violation|error)\b|\bdelivery not authorized\b|\byou do not have permission to send to this recipient\b|\bauthenti(?:c|fic)ation (?:credentials (?:are )?invalid|failure|failed|invalide|requise)\b|\bauthentication turned on\b|\bnot subscribed to ses\b|\bnot authorized to perform ses:|\bdomain \S+ is a dead domain\b/i,
    examples: [
      '530 5.7.0 Authentication required',
      '550-Please turn on SMTP Authentication in your mail client.',
      '550 Unauthenticated senders not allowed',
      'You do not have permission to send to this recipient. For assistance, contact your system administrator.',
      '535 5.7.8 Authentication credentials invalid',
      'SASL authentication failed; server mx.example.org[192.0.2.1] said: 535 5.7.8 Error: authentication failed',
      '554 Account not subscribed to SES',
      '530 Authentification requise',
      '550 Domain example.org is a dead domain',
    ],
    mustNot: [
      '550 5.1.2 example.net is a dead domain',
      '550 5.7.1 Message rejected: DKIM authentication failure',
      '550 5.7.23 Message rejected: SPF authentication failed for shop.example',
      '550 5.7.1 Email rejected: DMARC authentication failed',
    ],
    source:
      'RFC 4954 (530 5.7.0), RFC 3463 (x.7.1 "delivery not authorized"), Exchange 2000/2003 (KB 284204, 5.7.1), Symantec MessageLabs',
  },

  {
    id: 'securityerror/qmail-auth',
    reason: 'securityerror',
    // the qmail-smtpd SMTP AUTH patch: an unauthenticated client, not a relay refusal
    pattern: /\byou don'?t authenticate\b/i,
    specific: true,
    examples: [
      "553 sorry, you don't authenticate or the domain isn't in my list of allowed rcpthosts (#5.7.1)",
    ],
    source: 'qmail-smtpd SMTP AUTH patch, Sisimai reason/why-securityerror.go',
  },

  // ── contenterror ─────────────────────────────────────────────────────────────────────────
  {
    id: 'contenterror/format',
    reason: 'contenterror',
    // "improperly formatted" only of the message: x.1.3's "Improperly formatted address" is the address
    pattern:
      /\bheader (?:error|syntax)\b|\b(?:invalid|malformed|bad|broken|illegal) (?:mime|header|headers|message header|content|character|encoding)\b|\bmedia (?:error|not supported)\b|\bconversion (?:required|failed|not supported)\b|\b8-?bit data\b|\bmime complexity\b|\bimproperly[- ]formatted (?:message|header|mime|body|content)\b|\bunnecessary base64\b/i,
    examples: [
      '554 5.7.9 Header error',
      '550 5.6.0 Malformed MIME header',
      '554 5.6.0 Improper use of 8-bit data in message header',
      '554 5.6.0 Message MIME complexity exceeds the policy maximum',
      '554 This message contain text that uses unnecessary base64 encoding',
    ],
    mustNot: [
      '553 5.1.3 <a@@example.net>... Improperly formatted address',
      '501 5.1.7 Bad sender address syntax',
      '501 5.1.3 Bad recipient address syntax',
    ],
    source: 'RFC 3463 (x.6.x), Sisimai reason/why-contenterror.go',
  },

  // ── notcompliantrfc ──────────────────────────────────────────────────────────────────────
  {
    id: 'notcompliantrfc/rfc',
    reason: 'notcompliantrfc',
    pattern:
      /\b(?:rfc ?(?:822|2822|5322|5321|2045|6532)|standards?)[ -](?:compliance|violation|requirements|non-?conforming)\b|\bviolates? rfc ?\d+\b|\bnot (?:rfc|standards?)[ -]?(?:\d+ )?compliant\b|\bnon-?compliant\b|\bmultiple (?:\S+ )?(?:addresses in (?:the )?from:?|from|to|date|subject|message-id|sender) (?:header|field)s?\b|\bduplicate (?:header|field)s?\b|\bbare (?:lf|cr|linefeed)s?\b|\bmissing (?:a )?valid (?:address in (?:the )?)?(?:from|message-id|date)\b|\brfc ?\d{3,4}(?: section [\d.]+)? compliant\b|\brfcmessagenoncompliant\b/i,
    examples: [
      '550 5.7.1 Message is not RFC 5322 compliant',
      'Messages with multiple addresses in From: header are not accepted.',
      '550 5.7.1 Messages missing a valid Message-ID header are not accepted.',
      '550 5.7.512 Access denied, message must be RFC 5322 section 3.6.2 compliant and include a From address',
    ],
    source: 'Gmail (SMTP error reference 5.7.1), Microsoft 365 (NDR 5.7.512), amavis',
  },

  {
    id: 'notcompliantrfc/named-rfc',
    reason: 'notcompliantrfc',
    // a refusal that names the RFC the message breaks is that verdict, whatever else it adds
    // about spam (Gmail: "… is not RFC 5322 compliant. To reduce the amount of spam …")
    pattern:
      /\bnot rfc ?\d{3,4}(?: section [\d.]+)? compliant\b|\bmust be rfc ?\d{3,4}(?: section [\d.]+)? compliant\b/i,
    specific: true,
    examples: [
      '550-5.7.1 [192.0.2.1] Our system has detected that this message is not RFC 5322 compliant. To reduce the amount of spam sent to Gmail, this message has been blocked.',
    ],
    source: 'Gmail (SMTP error reference 5.7.1), Microsoft 365 (NDR 5.7.512)',
  },

  // ── emailtoolarge ────────────────────────────────────────────────────────────────────────
  {
    id: 'emailtoolarge/size',
    reason: 'emailtoolarge',
    // a size or length word is required: "exceeded the maximum limit of recipients|messages" is a rate
    pattern:
      /\b(?:message|mail|e-?mail) (?:size |length |file )?(?:is )?(?:too (?:big|large|long)|exceeds?)\b|\b(?:message |mail )?(?:size|length)(?: \d+)? exceeds?\b|\bexceed(?:s|ed)? (?:the )?(?:fixed |local )?(?:maximum|max|administrative) (?:allowed )?(?:inbound |incoming )?(?:message )?(?:size|length)\b|\bexceed(?:s|ed)? (?:the )?(?:fixed|administrative) limit\b(?! (?:of|for|on) (?:\d+ )?(?:recipients|messages|connections|e-?mails|mails)\b)|\bmax(?:imum)? message size exceeded\b|\bmessage size limit\b|(?<!(?:mail ?box|account|quota|storage|disk) )\bsize limit (?:exceeded|reached)\b|\btoo big for (?:the )?system\b|\bline limit exceeded\b|\btaille limite du message\b/i,
    examples: [
      '552 5.3.4 Message size exceeds fixed limit',
      '552 5.2.3 Message length exceeds administrative limit',
      '552 5.3.4 Message too big for system',
      'message size 31384 exceeds size limit 20000 of server mx.example.org[192.0.2.7]',
      '552 Error: message exceeds fixed maximum message size 20000',
      '552 5.3.4 Error: message file too big',
      '552 5.3.4 Message size exceeds maximum value',
      '552 Exceeded maximum inbound message size',
      '552 Max message size exceeded',
      '552 Taille limite du message atteinte',
      '552 Mail size limit exceeded',
    ],
    mustNot: [
      '452 4.5.3 You have exceeded the maximum limit of recipients per message',
      '550 5.7.1 Sender has exceeded the maximum limit of 500 messages per day',
      '552 5.2.2 Mailbox size limit exceeded',
      '552 5.2.2 Account size limit exceeded',
      '552 Requested mail action aborted: exceeded storage allocation',
      'cannot update mailbox /var/mail/a for user a. error writing message: File too large',
      '452 4.5.3 Too many recipients',
    ],
    source: "RFC 3463 (x.2.3, x.3.4), RFC 1870 (SIZE), Postfix (smtpd, and smtp(8) against a server's SIZE)",
  },

  // ── ratelimited ──────────────────────────────────────────────────────────────────────────
  {
    id: 'ratelimited/too-many',
    reason: 'ratelimited',
    // connection COUNT limits, not a session's time limit ("Connection time limit exceeded": networkerror)
    pattern:
      /\btoo many (?:connections|messages|recipients|e-?mails|mails|concurrent|sessions|simultaneous|smtp sessions|errors)\b|\brate[ -]?limit|\bthrottl|\bslow down\b|\btry again slower\b|\bconnections? (?:rate |count |concurrency |number )?limit\b|\btrop de connexions\b|\bmax(?:imum)? (?:e-?mails|messages) per (?:hour|day|minute)\b|\btoo (?:much|high) (?:mail|traffic|volume)\b|\b(?:sending|daily|hourly|message) (?:rate|quota|limit) (?:exceeded|reached)\b|\bexceeded (?:the )?(?:maximum )?(?:number of )?(?:connections|messages|recipients)\b|\breached (?:the )?maximum number of recipients\b|\b(?:exceeded|reached) (?:the |its |their )?(?:maximum |max |hourly |daily |sending )?limit (?:of|for|on) (?:\d+ )?(?:incoming |outgoing )?(?:messages|recipients|connections|e-?mails|mails)\b|\bmax(?:imum)? (?:messages?|mails?) per (?:connection|session) reached\b|\b(?:peak|daily|hourly) (?:smtp )?(?:relay |sending |message )?limit exceeded\b/i,
    examples: [
      '452 4.5.3 Too many recipients',
      '421 4.7.0 Connection limit exceeded, try again later',
      '421 Too many concurrent SMTP connections',
      '550 5.4.5 Daily sending quota exceeded',
      '571 sorry, reached maximum number of recipients for one session (#5.7.1 - chkuser)',
      '421 Max message per connection reached, closing transmission channel',
      '450 4.2.1 Peak SMTP relay limit exceeded for customer.',
      '550 5.4.5 Daily SMTP relay limit exceeded for user.',
      '421 Trop de connexions, veuillez essayer plus tard',
      '550 a@example.org has exceeded the max emails per hour (200/200)',
      '454 Throttling failure: Daily message quota exceeded.',
      '452 4.5.3 You have exceeded the maximum limit of recipients per message',
      '450 4.2.1 The user mailbox has exceeded the hourly limit of incoming messages',
    ],
    mustNot: [
      '421 4.4.2 Connection time limit exceeded',
      '552 User has too many messages on the server',
      '554 5.4.6 Too many hops 26 (25 max)',
      '552 5.2.3 Message length exceeds administrative limit',
      '552 5.2.2 Mailbox size limit exceeded',
    ],
    source:
      'RFC 3463 (x.5.3), chkuser (CHKUSER_MAXRCPT_STRING), Yahoo (SMTP error codes: 421 max messages per connection), Gmail (SMTP error reference 4.2.1, 5.4.5)',
  },
  {
    id: 'ratelimited/outlook-limits',
    reason: 'ratelimited',
    // Outlook.com's RP-001..003: "Unfortunately, some messages from <ip> weren't sent", which
    // would otherwise read as its SC/DY blocks
    pattern: /\bwe have limits for how many messages can be sent\b|\bRP-00[1-3]\b/i,
    specific: true,
    examples: [
      "421 RP-001 (BAY004-MC1F23) Unfortunately, some messages from 192.0.2.1 weren't sent. Please try again. We have limits for how many messages can be sent per hour and per day.",
    ],
    source: 'Outlook.com postmaster error codes (RP-001, RP-002, RP-003)',
  },
  {
    id: 'ratelimited/receiving-rate',
    reason: 'ratelimited',
    pattern:
      /\breceiving (?:e-?)?mail (?:at a rate|too quickly)\b|\bfrequency limited\b|\btry again slower\b/i,
    // Gmail sends it with x.2.1 or x.2.2, which would otherwise read as a disabled or full mailbox;
    // Postfix policy servers ask to slow down as a "Client host rejected" (blocked words)
    specific: true,
    examples: [
      '451 4.7.1 <mx.example.org[192.0.2.2]>: Client host rejected: Please try again slower',
      '550-5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.',
      '452-4.2.1 The recipient is receiving email too quickly',
    ],
    source: 'Gmail, Sisimai reason/why-ratelimited.go ("please try again slower")',
  },

  // ── expired: delivery gave up after the retry period ─────────────────────────────────────
  {
    id: 'expired/gave-up',
    reason: 'expired',
    pattern:
      /\bretry (?:timeout|time|period|limit) (?:exceeded|expired|reached)\b|\b(?:delivery|queue|message) (?:time|lifetime) (?:expired|exceeded)\b|\bmessage (?:has )?expired\b|\bgiving up\b|\bgave up\b|\bexpired after\b|\bqueue\.expired\b|\benvelope expired\b|\bdelivery (?:has )?expired\b|\bretry time not reached for any host\b/i,
    examples: [
      'retry timeout exceeded',
      '451 4.7.1 Service unavailable, please try again later: retry timeout exceeded',
      'Delivery time expired',
      'Could not deliver for the last 432000 seconds. Giving up.',
      'Envelope expired',
      'Delivery expired (message too old)',
      'retry time not reached for any host after a long failure period',
    ],
    source:
      'Exim (its retry rules: "retry time not reached for any host after a long failure period"), RFC 3463 (x.4.7), Courier, OpenSMTPD (smtpd queue: "Envelope expired")',
  },
  {
    id: 'expired/too-long',
    reason: 'expired',
    pattern:
      /\b(?:been )?(?:in the queue|queued) (?:for )?too long\b|\bqueue too long\b|\btoo long in (?:the )?queue\b|\bcannot send message for \d+\b|\b(?:not|couldn'?t|could not|unable to) (?:be )?deliver(?:ed)? (?:for|within|in) (?:the last |more than |over )?\d+ ?(?:seconds?|minutes?|hours?|days?)\b|\bdeliver(?:ed)? for (?:more than|too long)\b|\bnot (?:been )?delivered within\b|\bdelivery (?:failed|attempts?) \d+ (?:attempts|times)\b|\bunable to deliver (?:this )?(?:message )?after (?:\d|(?:multiple|several|many|numerous) (?:retries|attempts))|\bwithin the allowed queue period\b|\bhas not been collected after\b|\bdelivery attempts will continue\b|\b(?:has been|is being|was) delayed\b|\bmaximum (?:delivery|retry) (?:time|attempts)\b|\bhave been failing for a long time\b|\bcould not deliver the message in the time limit specified\b|\bcould not send message for (?:the )?past \d+\b/i,
    examples: [
      "I'm not going to try again; this message has been in the queue too long.",
      'Cannot send message for 5 days',
      'Delivery failed 20 attempts',
      'Could not deliver the message in the time limit specified. Please retry or contact your administrator.',
      'Warning: could not send message for past 4 hours',
      'Your message could not be delivered for more than 3 days',
      'Message could not be delivered for too long',
      'Unable to deliver message after multiple retries, giving up',
      'example.org was not reachable within the allowed queue period',
      'Delivery attempts will continue to be made for 1 day(s)',
      'Message delivery to a@example.org has been delayed',
    ],
    source:
      'qmail, Sendmail (deliver.c: "Cannot send message for", "could not send message for past"), Courier, Exchange 2000/2003 (4.4.7), delay notices (RFC 3464 Action: delayed, which Sisimai reads as expired)',
  },
  {
    id: 'expired/timed-out',
    reason: 'expired',
    pattern:
      /\b(?:connection|operation|session|smtp|read|conversation|message) timed out\b|\btimed out (?:while|during|after|waiting)\b|\bconnection timeout\b|\bdid not accept our requests to connect\b|\b(?:remote )?(?:server|host) did not respond\b/i,
    examples: [
      'connect to mx.example.org[192.0.2.1]:25: Connection timed out',
      'Message timed out',
      'The remote server did not respond to a connection attempt.',
    ],
    source: 'Postfix, Sisimai reason/why-expired.go',
  },

  // ── networkerror ─────────────────────────────────────────────────────────────────────────
  {
    id: 'networkerror/dns-temporary',
    reason: 'networkerror',
    pattern: /\bhost not found, try again\b|\btemporary failure in name resolution\b/i,
    examples: [
      'Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again',
      'Temporary failure in name resolution',
    ],
    source: 'Postfix (a DNS lookup that will be retried, not a missing domain)',
    specific: true,
  },
  {
    id: 'networkerror/dns-failure',
    reason: 'networkerror',
    pattern:
      /\b(?:dns|name server|nameserver) (?:lookup |query |resolution )?(?:failed|failure|error|timeout|timed out)\b|\btemporary (?:dns|lookup) failure\b|\bhost name lookup failure\b|\bcname lookup failed\b|\bmalformed (?:or unexpected )?name server reply\b|\bdns records? for the destination (?:computer|host|server) could not be found\b|\bunable to resolve route\b/i,
    examples: [
      'DNS Error: DNS server returned answer with no data',
      'Host name lookup failure',
      'CNAME lookup failed temporarily. (#4.4.3)',
      'The DNS records for the destination computer could not be found',
    ],
    source: 'Gmail, Sendmail, qmail (qmail-remote temp_dnscanon)',
  },
  {
    id: 'networkerror/connection',
    reason: 'networkerror',
    pattern:
      /\bno route to host\b|\bnetwork (?:is )?unreachable\b|\bhost (?:is )?unreachable\b|\bconnection (?:refused|reset|lost|closed)\b|\blost connection\b|\bname service error\b|\b(?:wasn'?t|was not|unable to|could not|couldn'?t) (?:able to )?(?:establish|open|make) (?:an? )?(?:smtp |tcp )?connection\b|\b(?:unable|failed) to connect\b|\bcould(?: not|n'?t) connect\b|\bbut connection died\b|\bno alternate hosts, or delivery failed to all alternate hosts\b/i,
    examples: [
      'connect to mx.example.com[192.0.2.2]:25: No route to host',
      "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)",
      'connect to mx.example.com[192.0.2.2]:25: Connection refused',
      'Connected to 192.0.2.1 but connection died. (#4.4.2)',
      'Either there are no alternate hosts, or delivery failed to all alternate hosts.',
    ],
    source: 'Postfix, qmail (qmail-remote temp_noconn, dropped), Exchange 2000/2003 (KB 284204)',
  },
  {
    id: 'networkerror/loop',
    reason: 'networkerror',
    pattern:
      /\bhop count exceeded\b|\btoo many hops\b|\b(?:routing|mail|(?:mail )?forwarding|alias(?: database)?) loop\b|\bloops? back to (?:me|myself)\b|\bmessage (?:is )?looping\b|\bbounce between two servers\b|\bmx list .{0,80}points? back to\b/i,
    examples: [
      '554 5.4.6 Too many hops',
      'mail for example.org loops back to myself',
      'Hop count exceeded - possible mail loop',
      'mail forwarding loop for a@example.org',
      'alias database loop for a',
      'config error: mail loops back to me (MX problem?)',
      'This message is looping: it already has my Delivered-To line. (#5.4.6)',
      'A configuration error in the e-mail system caused the message to bounce between two servers or to be forwarded between two recipients.',
    ],
    source:
      'Postfix (local(8) forwarding and alias loops), Sendmail (deliver.c), qmail-local, Exchange 2000/2003 (5.4.6), RFC 3463 (x.4.6)',
  },

  // ── failedstarttls ───────────────────────────────────────────────────────────────────────
  {
    id: 'failedstarttls/tls',
    reason: 'failedstarttls',
    pattern:
      /\bstarttls\b|\b(?:does not|doesn'?t) support (?:tls|ssl)\b|\btls (?:is )?required\b|\bencryption (?:is )?(?:required|needed)\b|\btls (?:negotiation|handshake) failed\b|\brequiretls\b|\bcannot start tls\b|\btls is required\b|\btls connect failed\b/i,
    examples: [
      '530 5.7.0 Must issue a STARTTLS command first.',
      '530 5.7.10 Encryption needed',
      'Cannot start TLS: handshake failure',
      'TLS is required, but was not offered by host mx.example.org[192.0.2.7]',
      'TLS connect failed: timed out',
    ],
    source:
      'RFC 3207, RFC 3463 (x.7.10), Postfix smtp(8) (smtp_tls_security_level = encrypt), the qmail TLS patch (qmail-remote: "TLS connect failed")',
  },

  // ── norelaying ───────────────────────────────────────────────────────────────────────────
  {
    id: 'norelaying/relay',
    reason: 'norelaying',
    pattern:
      /\brelay(?:ing)? (?:access )?(?:denied|not permitted|not allowed|prohibited|refused)\b|\bunable to relay\b|\bnot (?:permitted|configured|allowed|authorized) to relay\b|\b(?:we do not|cannot|can'?t|does not) relay\b|\bno relaying\b|\brelaying (?:mail )?to .{1,80} (?:is )?not allowed\b|\b(?:isn'?t|is not|not) in my list of allowed rcpthosts?\b|\binvalid credentials for relay\b|\bas a relay\b|\binsecure mail relay\b|\bwhen attempting to send to a non-local\b|\bnot a gateway\b|\bnot (?:a )?local host\b|\bwe don'?t handle mail for\b|\bspecified domain is not allowed\b/i,
    examples: [
      '554 5.7.1 <a@example.com>: Relay access denied',
      '550 5.7.1 Unable to relay',
      '550 relaying denied',
      "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
      '550 5.7.1 Invalid credentials for relay.',
      '550 This mail server requires authentication when attempting to send to a non-local e-mail address.',
      '550 We do not permit this host to be used as a relay',
      "550 We don't handle mail for example.org",
      '550 Insecure mail relay',
    ],
    source:
      'Postfix, Sendmail, qmail-smtpd (err_nogateway), Gmail (SMTP relay service errors), MailEnable, Sisimai reason/why-norelaying.go',
  },

  // ── notaccept: the destination accepts no mail ───────────────────────────────────────────
  {
    id: 'notaccept/no-mail',
    reason: 'notaccept',
    pattern:
      /\bnull ?mx\b|\bno mx (?:record|host)s?\b|\bindicated no smtp service\b|\bcouldn'?t find a mail exchanger\b|\bnot accepting (?:network )?(?:messages|mail)\b(?! from)|\b(?:does not|doesn'?t) (?:accept|receive) (?:e-?)?mail\b|\baccepts no mail\b|\b(?:e-?)?mail receiving (?:is )?disabled\b/i,
    examples: [
      'Domain example.org does not accept mail (nullMX)',
      'an MX or SRV record indicated no SMTP service',
      "The domain example.org doesn't receive email according to the administrator: returned NULL MX",
      "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)",
      '550 Mail receiving disabled',
    ],
    source: 'RFC 7505 (null MX) as Postfix and Exim report it, qmail, Sisimai reason/why-notaccept.go',
  },
  {
    id: 'notaccept/null-mx-sendmail',
    reason: 'notaccept',
    // Sendmail's name-server error for an MX that is the root ("MX 0 ."): no host would read as a
    // missing domain
    pattern: /\bname server: \.: host not found\b/i,
    specific: true,
    examples: ['550 5.1.2 <a@example.org>... Host unknown (Name server: .: host not found)'],
    source: 'Sendmail (a null MX target), Sisimai reason/why-notaccept.go',
  },

  // ── syntaxerror ──────────────────────────────────────────────────────────────────────────
  {
    id: 'syntaxerror/command',
    reason: 'syntaxerror',
    pattern:
      /\bsyntax error\b|\bcommand (?:not )?(?:recognized|unrecognized|not implemented)\b|\bbad sequence of commands\b|\bline too long\b/i,
    examples: ['500 5.5.1 Syntax error, command unrecognized', '503 5.5.1 Bad sequence of commands'],
    source: 'RFC 5321 (500-504)',
  },

  // ── systemerror ──────────────────────────────────────────────────────────────────────────
  {
    id: 'systemerror/local-error',
    reason: 'systemerror',
    pattern:
      /\binternal (?:server |system |mail |software )?error\b|\bsystem error\b|\blocal error in processing\b|\btransaction failed\b|\btemporary (?:local |server |system )?(?:problem|failure|error)\b|\bserver (?:error|failure)\b|\b(?:unable to contact|cannot connect to) (?:the )?ldap\b|\b(?:system|server) (?:is )?(?:incorrectly|mis)configured\b|\bmisconfiguration\b|\b(?:local |mail system |server |system )?config(?:uration)? error\b|\bcan'?t create user output file\b|\binterrupted system call\b|\bqueue file write error\b|\bencountered an error while being processed\b|\bthere is no mdb\b|\btimeout waiting for input\b/i,
    examples: [
      '550 5.3.5 <a@example.org>... Internal System Error',
      '451 4.3.0 Requested action aborted: local error in processing',
      '554 Transaction failed',
      '451 4.3.5 Local configuration error',
      "550 5.3.0 Can't create user output file",
      '451 4.3.0 Queue file write error',
      '451 4.4.1 timeout waiting for input from mx.example.org during client DATA phase',
      '451 4.3.2 Recipient deferred because there is no Mdb',
    ],
    source:
      'RFC 5321 (451), Sendmail (deliver.c, queue.c), Exchange (no mailbox database), Sisimai reason/why-systemerror.go',
  },
  {
    id: 'systemerror/daemon',
    reason: 'systemerror',
    // the receiving system's own helper (a content scanner's daemon) is down: not the network
    pattern: /\b(?:unable|failed) to connect (?:to )?(?:the )?[\w.-]+ daemon\b/i,
    specific: true,
    examples: ['451 4.3.0 Unable to connect to the spamd daemon'],
    source: 'Sisimai reason/why-systemerror.go',
  },
  {
    id: 'systemerror/unavailable',
    reason: 'systemerror',
    pattern:
      /\bservice (?:is )?(?:currently |temporarily )?(?:unavailable|not available)\b|\b(?:could not|couldn'?t|failed to|unable to) load\b/i,
    examples: [
      '421 Service not available, closing transmission channel',
      '451 4.7.1 Service unavailable, please try again later',
    ],
    source: 'RFC 5321 (421)',
  },

  // ── mailererror ──────────────────────────────────────────────────────────────────────────
  {
    id: 'mailererror/program',
    reason: 'mailererror',
    pattern:
      /\bmailer (?:error|failed)\b|\bprogram (?:exited|failed|terminated)\b|\bexit (?:status|code) \d+\b|\bcommand (?:died|failed) with status\b|\bpipe to \||\bpipe to .{1,60} failed\b|\bunknown mailer error\b|\bunknown mail system error \d+\b|\bchild process of \S+ transport returned\b|\b(?:procmail|maildrop): |\bcommand (?:failed|output):/i,
    examples: [
      'Child process of local_delivery transport returned 69 (could mean service or program unavailable): mailer error',
      'pipe to |/usr/local/bin/filter a@example.com generated by a@example.com',
      'unknown mailer error 1',
      'unknown mail system error 1',
      'procmail: Unable to treat as directory "/var/mail/a"',
      'Command output: /usr/bin/maildrop: Unable to open mailbox',
    ],
    // Postfix's sys_exits names an exit status outside sysexits.h so ("Command died with status 1");
    // procmail and maildrop only by their own messages ("procmail: …"), not by a pipe address
    // that names them ("|exec /usr/bin/procmail || exit 75"), which says where mail went, not why
    // it failed
    source: 'Exim, Sendmail, Postfix (local(8) pipe to a command, x-unix)',
  },

  // ── onhold ───────────────────────────────────────────────────────────────────────────────
  {
    id: 'onhold/held',
    reason: 'onhold',
    pattern: /\b(?:message|mail) (?:is )?on hold\b|: on hold\b/i,
    examples: ['550 5.0.0 <a@example.net>: Recipient address rejected: On hold.'],
  },

  // the same reasons in other languages: one home for them (wording-languages.ts)
  ...WORDING_IN_OTHER_LANGUAGES,
];

/** The ids of the rules whose pattern `text` matches (for the corpus report). */
export function rulesMatching(text: string): string[] {
  return WORDING.filter((r) => r.pattern.test(text)).map((r) => r.id);
}
