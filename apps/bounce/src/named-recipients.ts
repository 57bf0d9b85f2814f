import { normalizeEmail } from '@postroom/ledger';
import type { Classification, Report } from './classify';

/**
 * Pure: the addresses a report names as its recipients other than `ours`: the DSN's
 * Final-Recipient and Original-Recipient, X-Failed-Recipients, the ARF's Original-Rcpt-To and
 * Removal-Recipient, and whatever the classifier found. A report on one delivery's return path
 * that names someone else is not about that delivery, and nobody is blacklisted for it.
 */
export function othersNamed(report: Report, classification: Classification, ours: string): string[] {
  const named = [
    ...(report.deliveryStatus?.recipients.flatMap((r) => [r.finalRecipient, r.originalRecipient]) ?? []),
    ...report.failedRecipients,
    ...(report.feedback ? [...report.feedback.originalRcptTo, ...report.feedback.removalRecipient] : []),
    ...classification.recipients.map((r) => r.recipient),
  ];
  const own = normalizeEmail(ours);
  const others = new Set<string>();
  for (const address of named) {
    if (!address) continue;
    const a = normalizeEmail(address);
    if (a !== '' && a !== own) others.add(a);
  }
  return [...others];
}
