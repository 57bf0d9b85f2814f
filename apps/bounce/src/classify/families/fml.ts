import { addressPattern, headerMatches, type Family } from './family';

/**
 * fml, the mailing-list manager: its notices come from the list's "-admin" address with
 * X-MLServer and a Message-ID ending ".FML…@host"; the refusal names the list in angle brackets
 * on its first line ("You are not a member of this mailing list <list@host>."), then help text
 * that names the list's command address, and "Original mail as follows:". The list is the
 * recipient the message failed for; the command address in the help is not.
 */
export const fml: Family = {
  name: 'fml',
  matches: (report) =>
    headerMatches(report, 'x-mlserver', /\bfml\b/i) ||
    (/-admin@/i.test(report.from ?? '') &&
      report.headers.some(([n, v]) => n === 'message-id' && /\.FML/.test(v))),
  recipients: (report) => {
    const notice = report.text.split(/^Original mail as follows:/m)[0];
    const first = new RegExp(String.raw`^(.*)<(${addressPattern()})>(.*)$`, 'm').exec(notice);
    return first ? [{ address: first[2].toLowerCase(), diagnostic: first[0].trim() }] : [];
  },
};
