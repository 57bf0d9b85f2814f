import { reportWords, type Family } from './family';

/**
 * NTT docomo (docomo.ne.jp, mfsmax.docomo.ne.jp): its MX accepts every RCPT TO and refuses a
 * recipient that does not exist only after DATA, as "550 Unknown user a@docomo.ne.jp", naming
 * the address: a verdict on the mailbox, not a content filter (the reception filter answers
 * without naming one).
 */
export const docomo: Family = {
  name: 'docomo',
  matches: (report) => /docomo\.ne\.jp/i.test(reportWords(report)) || /docomo/i.test(report.from ?? ''),
  refine: (_report, r) =>
    /\bunknown user\s+\S+@/i.test(r.diagnostic) && /docomo/i.test(r.address + r.diagnostic)
      ? { reason: 'userunknown' }
      : null,
};
