import { oneLine } from '../decide-reason';
import type { Report } from '../parse-report';
import { documentedReason, isProviderHost, namedHosts, providerOf } from '../patterns/provider-replies';
import type { Family, Reading } from './family';

/**
 * Mimecast: its gateways reply with a reference to Mimecast's own documentation of the code
 * ("https://community.mimecast.com/docs/DOC-1369#554"), and its own bounces carry the refusal it
 * made. A reply Mimecast wrote is read by Mimecast's documented list of replies
 * (patterns/provider-replies.ts): "SPF Sender Invalid - envelope rejected" is an SPF failure,
 * "Envelope rejected - block policy for envelope from address" a blocked sender, "Host network
 * not allowed" a Geographical Restriction policy.
 *
 * A report is Mimecast's when Mimecast sent it (From), its Reporting-MTA is a Mimecast host, or
 * a reply in it carries Mimecast's link;
 * a report that only names a Mimecast host (an internal server behind a Mimecast gateway, a
 * returned message that passed one) is not. And even in Mimecast's report, a reply another server
 * gave (a Remote-MTA or a "host … said" that is not Mimecast's) is that server's words.
 */
export const mimecast: Family = {
  name: 'mimecast',
  matches: (report) =>
    /mimecast/i.test(report.from ?? '') ||
    isProviderHost('mimecast', reportingHost(report)) ||
    (report.deliveryStatus?.recipients ?? []).some((d) => isSigned(d.diagnosticCode ?? '')),
  refine: (report, r) => {
    if (!isMimecastReply(report, r)) return null;
    const reason = documentedReason('mimecast', oneLine(r.diagnostic), null);
    return reason ? { reason } : null;
  },
};

function isMimecastReply(report: Report, r: Reading): boolean {
  if (isSigned(r.diagnostic)) return true;
  const remote = report.deliveryStatus?.recipients.find(
    (d) => (d.finalRecipient ?? d.originalRecipient)?.toLowerCase() === r.address.toLowerCase(),
  )?.remoteMta;
  const answered = [remote, ...namedHosts(r.diagnostic)].filter((h): h is string => !!h);
  return answered.every((h) => isProviderHost('mimecast', h));
}

/** Mimecast's link to its own list of codes signs a reply as Mimecast's. */
function isSigned(diagnostic: string): boolean {
  return providerOf(diagnostic, [])?.name === 'mimecast';
}

function reportingHost(report: Report): string {
  return (report.deliveryStatus?.message['reporting-mta'] ?? '').replace(/^\s*[\w-]+\s*;\s*/, '').trim();
}
