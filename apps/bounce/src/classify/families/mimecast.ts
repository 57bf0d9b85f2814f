import { oneLine } from '../decide-reason';
import { documentedReason } from '../patterns/provider-replies';
import { reportWords, type Family } from './family';

/**
 * Mimecast: its gateways reply with a reference to Mimecast's own documentation of the code
 * ("https://community.mimecast.com/docs/DOC-1369#554"), and its own bounces carry the refusal it
 * made. In a report of Mimecast's, the reply is read by Mimecast's documented list of replies
 * (patterns/provider-replies.ts): "SPF Sender Invalid - envelope rejected" is an SPF failure,
 * "Envelope rejected - block policy for envelope from address" a blocked sender, "Host network
 * not allowed" a Geographical Restriction policy.
 */
export const mimecast: Family = {
  name: 'mimecast',
  matches: (report) => /mimecast/i.test(report.from ?? '') || /mimecast\.com/i.test(reportWords(report)),
  refine: (_report, r) => {
    const reason = documentedReason('mimecast', oneLine(r.diagnostic), null);
    return reason ? { reason } : null;
  },
};
