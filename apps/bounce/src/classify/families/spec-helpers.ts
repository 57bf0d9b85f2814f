import { classify, type ClassifiedRecipient } from '../classify';
import { parseReport, type Report } from '../parse-report';

/** The parsed report of a raw test message (the family specs' input). */
export function reportOf(raw: Buffer): Report {
  const parsed = parseReport(raw);
  if (parsed.kind !== 'report') throw new Error(`refused: ${parsed.reason}`);
  return parsed;
}

/** What the whole classifier makes of a raw test message: address, reason and hard/soft per recipient. */
export function verdicts(raw: Buffer): Array<Pick<ClassifiedRecipient, 'recipient' | 'reason' | 'hard'>> {
  return classify(reportOf(raw)).recipients.map(({ recipient, reason, hard }) => ({
    recipient,
    reason,
    hard,
  }));
}
