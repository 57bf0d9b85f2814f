import { addressPattern, after, blocksBy, type Family } from './family';

/**
 * OpenSMTPD's bounce: "This is the MAILER-DAEMON, please DO NOT REPLY to this email.", then
 * "An error has occurred while attempting to deliver a message for the following list of
 * recipients:" and one "a@b: 550 5.1.1 …" line per recipient (the remote's reply or smtpd's own
 * verdict), then "Below is a copy of the original message:".
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
};
