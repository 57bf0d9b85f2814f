import { after, type Family, verdictIn, type Verdicts } from './family';
import { addressesIn } from '../text-recipients';

/**
 * Lotus Domino and IBM Notes: "Your message … was not delivered to: a@b because: User a
 * (a@b) not listed in Domino Directory" (in the local language on localised servers, e.g.
 * "は Domino ディレクトリには見つかりません"). The "because:" paragraph is the server's own
 * directory verdict: "not listed in Domino Directory" (Spanish "no se encuentra en el Directorio
 * de Domino", French "non répertorié dans l'annuaire Domino", Japanese "Domino ディレクトリには
 * 見つかりません", older "not listed in public Name & Address Book") is a name it does not know,
 * "Several matches found in Domino Directory" a directory it cannot resolve, and "Cannot route
 * mail to user" its router refusing the address as a filter would.
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
  refine: (_report, r) => {
    const reason = verdictIn(VERDICTS, r.diagnostic);
    return reason ? { reason } : null;
  },
};

const VERDICTS: Verdicts = [
  [
    /not listed in (?:Domino Directory|public Name & Address Book)|no se encuentra en el Directorio de Domino|non r\S*pertori\S* dans l'annuaire Domino|Domino ディレクトリには見つかりません/i,
    'userunknown',
  ],
  [/Several matches found in Domino Directory/i, 'systemerror'],
  [/Cannot route mail to user/i, 'filtered'],
];
