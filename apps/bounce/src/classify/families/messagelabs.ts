import { addressPattern, after, blocksBy, type Family } from './family';

/**
 * Symantec (Broadcom) MessageLabs Email Security.cloud: "This is the mail delivery agent at
 * messagelabs.com.", "I was unable to deliver your message to the following addresses:", each
 * address on its own line, then "Reason: 550 …" with the remote's reply.
 */
export const messagelabs: Family = {
  name: 'messagelabs',
  matches: (report) =>
    /mail delivery agent at messagelabs\.com/i.test(report.text) ||
    /@messagelabs\.com/i.test(report.from ?? ''),
  recipients: (report) =>
    blocksBy(
      after(report.text, /unable to deliver your message to the following addresses:\s*\n/i),
      new RegExp(String.raw`^\s*<?(${addressPattern()})>?\s*$`),
      /^The message (?:subject|date) was:/i,
    ).map((r) => ({ ...r, diagnostic: r.diagnostic.replace(/^Reason:\s*/im, '') })),
};
