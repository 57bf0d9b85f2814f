import { reportWords, type Family } from './family';

/**
 * SoftBank (softbank.ne.jp, i.softbank.jp, disney.ne.jp): like docomo, its MX refuses a
 * recipient that does not exist after DATA with "550 Unknown user", naming the address.
 */
export const softbank: Family = {
  name: 'softbank',
  matches: (report) => /(?:softbank\.ne\.jp|i\.softbank\.jp|disney\.ne\.jp)/i.test(reportWords(report)),
  refine: (_report, r) => (/\bunknown user\s+\S+@/i.test(r.diagnostic) ? { reason: 'userunknown' } : null),
};
