import { reportWords, type Family } from './family';

/**
 * Mimecast: its gateways reply with a reference to Mimecast's own documentation of the code
 * ("https://community.mimecast.com/docs/…#554"). Its documented refusals of the sending host
 * ("Host network not allowed", "IP in blocked list") are policy blocks configured by the
 * recipient's organisation.
 */
export const mimecast: Family = {
  name: 'mimecast',
  matches: (report) => /mimecast/i.test(report.from ?? '') || /mimecast\.com/i.test(reportWords(report)),
  refine: (_report, r) =>
    /\b(?:host network not allowed|ip in blocked list|envelope rejected)\b/i.test(r.diagnostic)
      ? { reason: 'policyviolation' }
      : null,
};
