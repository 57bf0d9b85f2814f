import { addressPattern, after, blocksBy, type Family, verdictIn, type Verdicts } from './family';

/**
 * OpenSMTPD's bounce: "This is the MAILER-DAEMON, please DO NOT REPLY to this email.", then
 * "An error has occurred while attempting to deliver a message for the following list of
 * recipients:" and one "a@b: 550 5.1.1 …" line per recipient (the remote's reply or smtpd's own
 * verdict), then "Below is a copy of the original message:". smtpd's own verdicts (mta.c
 * `relay->failstr`, queue.c) name the cause themselves; see OWN.
 */
export const opensmtpd: Family = {
  name: 'opensmtpd',
  matches: (report) =>
    /This is the MAILER-DAEMON, please DO NOT REPLY to this e-?mail/i.test(report.text) ||
    /error has occurred while attempting to deliver a message for the following list of recipients/i.test(
      report.text,
    ),
  recipients: (report) =>
    blocksBy(
      after(report.text, /following list of recipients:?\s*\n/i),
      new RegExp(String.raw`^(${addressPattern()}):\s*`),
      /^Below is a copy of/i,
    ),
  refine: (_report, r) => {
    const reason = verdictIn(OWN, r.diagnostic);
    return reason ? { reason } : null;
  },
};

/** OpenSMTPD's own texts (smtpd/mta.c, smtpd/queue.c) that generic wording reads otherwise. */
const OWN: Verdicts = [
  [/\bCould not retrieve credentials\b/i, 'securityerror'],
  [/\b(?:Destination seem to reject all mails|No MX found for (?:domain|destination))\b/i, 'notaccept'],
  [
    /\b(?:Address family mismatch on destination MXs|All routes to destination blocked|bad DNS lookup error code|Could not retrieve source address|Loop detected|Network error on destination MXs|No valid route to (?:remote MX|destination)|Temporary failure in MX lookup)\b/i,
    'networkerror',
  ],
];
