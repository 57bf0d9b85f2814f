import { after, type Family } from './family';
import { addressesIn } from '../text-recipients';

/**
 * Lotus Domino and IBM Notes: "Your message … was not delivered to: a@b because: User a
 * (a@b) not listed in Domino Directory" (in the local language on localised servers, e.g.
 * "は Domino ディレクトリには見つかりません"). The "because:" paragraph is the server's own
 * directory verdict.
 */
export const notes: Family = {
  name: 'notes',
  matches: (report) =>
    /\bwas not delivered to:/i.test(report.text) || /Domino/i.test(report.text.slice(0, 4000)),
  recipients: (report) => {
    const to = after(report.text, /was not delivered to:\s*\n/i).split(/\n\s*because:?\s*\n/i);
    if (to.length < 2) return [];
    const because = to[1].split(/\n\s*\n/)[0].trim();
    return addressesIn(to[0]).map((address) => ({ address, diagnostic: because }));
  },
};
