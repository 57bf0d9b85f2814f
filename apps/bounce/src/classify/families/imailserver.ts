import { addressPattern, headerMatches, type Family, verdictIn, type Verdicts } from './family';

/**
 * Ipswitch (Progress) IMail Server: X-Mailer "<SMTP32 vN>", Subject "Undeliverable Mail", one
 * line per failed recipient that states the verdict before the address ("Unknown user:
 * a@b", "Invalid final delivery userid: a@b", "User mailbox exceeds allowed size: a@b",
 * "Delivery failed 3 attempts: a@b", "undeliverable to a@b"), then "Body of message generated
 * response:" with the remote's reply to the message (after DATA), and "Original message
 * follows." A line with no such reply is IMail's own verdict on the address, as a refusal at
 * RCPT TO is.
 */
export const imailserver: Family = {
  name: 'imailserver',
  // "Undeliverable Mail" is a common Subject (MailMarshal's, too): only with IMail's own line
  matches: (report) =>
    headerMatches(report, 'x-mailer', /^<SMTP32 v/i) ||
    (/^Undeliverable Mail\b/i.test(report.subject ?? '') &&
      /^Body of message generated response:/im.test(report.text)),
  recipients: (report) => {
    const response = /^Body of message generated response:\s*\n?([\s\S]*?)(?:\n\s*\n|$)/im
      .exec(report.text)?.[1]
      ?.trim();
    // a verdict is words ("Unknown user: a@b"); a header line ("Reply-To: <a@b>") is one token
    const line = new RegExp(
      String.raw`^(?:([^:\n]*\S\s+\S[^:\n]*):\s+|undeliverable to\s+)<?(${addressPattern()})>?\s*$`,
      'gim',
    );
    const explanation = report.text.split(/^Original message follows\./im)[0];
    return [...explanation.matchAll(line)].map((m) => ({
      address: m[2].toLowerCase(),
      diagnostic: [response, m[1] ?? ''].filter(Boolean).join('\n'),
      stage: response ? ('data' as const) : ('rcpt' as const),
    }));
  },
  refine: (_report, r) => {
    const reason = verdictIn(VERDICTS, r.diagnostic);
    return reason ? { reason } : null;
  },
};

/** IMail's own texts that generic wording reads otherwise. */
const VERDICTS: Verdicts = [
  [/\bInvalid final delivery userid\b/i, 'userunknown'],
  [/\bBlacklisted URL in message\b/i, 'spamdetected'],
];
