import type { Reason } from '../reasons';
import { addressPattern, headerMatches, type Family } from './family';

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
  matches: (report) =>
    headerMatches(report, 'x-mailer', /^<SMTP32 v/i) || /^Undeliverable Mail\b/i.test(report.subject ?? ''),
  recipients: (report) => {
    const response = /^Body of message generated response:\s*\n?([\s\S]*?)(?:\n\s*\n|$)/im
      .exec(report.text)?.[1]
      ?.trim();
    const line = new RegExp(
      String.raw`^(?:([^:\n]{3,80}):\s+|undeliverable to\s+)<?(${addressPattern()})>?\s*$`,
      'gim',
    );
    return [...report.text.matchAll(line)].map((m) => ({
      address: m[2].toLowerCase(),
      diagnostic: [response, m[1] ?? ''].filter(Boolean).join('\n'),
      stage: response ? ('data' as const) : ('rcpt' as const),
    }));
  },
  refine: (_report, r) => {
    const reason = VERDICTS.find(([pattern]) => pattern.test(r.diagnostic))?.[1];
    return reason ? { reason } : null;
  },
};

/** IMail's own texts that generic wording reads otherwise. */
const VERDICTS: ReadonlyArray<readonly [RegExp, Reason]> = [
  [/\bInvalid final delivery userid\b/i, 'userunknown'],
  [/\bBlacklisted URL in message\b/i, 'spamdetected'],
];
