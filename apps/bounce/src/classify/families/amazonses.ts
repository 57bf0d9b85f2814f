import { addressPattern, after, blocksBy, type Family } from './family';

/**
 * Amazon SES's emailed bounces (its JSON notifications are read by ses-notification.ts): sent
 * from MAILER-DAEMON@amazonses.com with X-SES-Outgoing, "An error occurred while trying to
 * deliver the mail to the following recipients:" and the addresses one per line, with the
 * RFC 3464 part carrying each remote reply.
 */
export const amazonses: Family = {
  name: 'amazonses',
  matches: (report) =>
    /@amazonses\.com/i.test(report.from ?? '') || report.headers.some(([n]) => n === 'x-ses-outgoing'),
  recipients: (report) =>
    blocksBy(
      after(
        report.text,
        /error occurred while trying to deliver the mail to the following recipients:\s*\n/i,
      ),
      new RegExp(String.raw`^\s*(${addressPattern()})\s*$`),
      /^\s*$/,
    ),
};
