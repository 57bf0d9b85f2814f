import { addressPattern, after, blocksBy, type Family } from './family';

/**
 * Oracle (Sun, iPlanet) Communications Messaging Server: MIME boundaries "Boundary_(ID_…)", the
 * Subject "Delivery Notification: …", then "This report relates to a message you sent with the
 * following header fields:", "Your message cannot be delivered to the following recipients:"
 * and per recipient an indented block "Recipient address: a@b", "Original address: …",
 * "Reason: …", "Diagnostic code: smtp;550 …", "Remote system: dns;…". A block with no remote
 * reply is the server's own verdict: "Illegal host/domain name found" is its address parser
 * refusing a domain that cannot exist.
 */
export const messagingserver: Family = {
  name: 'messagingserver',
  matches: (report) =>
    /This report relates to a message you sent with the following header fields:/i.test(report.text) &&
    /^\s+Recipient address:\s/im.test(report.text),
  recipients: (report) =>
    blocksBy(
      after(report.text, /cannot be delivered to the following recipients:\s*\n/i),
      new RegExp(String.raw`^\s+Recipient address:\s*(?:@[^:\s]+:)?(${addressPattern()})\s*$`, 'i'),
      /^\S/,
    ).map((r) => ({ ...r, diagnostic: r.diagnostic.replace(/^Diagnostic code:\s*\w+;\s*/im, '') })),
  refine: (_report, r) =>
    /Illegal host\/domain name found/i.test(r.diagnostic) ? { reason: 'hostunknown' } : null,
};
