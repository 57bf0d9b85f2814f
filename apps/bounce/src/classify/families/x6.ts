import type { Stage } from '../patterns/reply-codes';
import { addressPattern, stageOfCommand, type Family, type FamilyRecipient } from './family';

/**
 * An MTA nobody has named (Sisimai calls it X6): Subject "There was an error sending your
 * mail", "We had trouble delivering your message. Full details follow:", the original's Subject
 * and Date, "N error(s):", then one entry per refused recipient, "SMTP Server <host> rejected
 * recipient <a@b>" with indented lines under it naming the command and quoting the reply
 * ("(Error following RCPT command). It responded as follows: [550 5.1.1 User unknown]"), or
 * "The following recipients returned permanent errors: a@b." The notice ends at "The attachment
 * contains the original mail headers". Each entry is that recipient's own: generic reading would
 * give the first recipient every reply that follows it.
 */
export const x6: Family = {
  name: 'x6',
  matches: (report) =>
    /^There was an error sending your mail/i.test(report.subject ?? '') ||
    /^We had trouble delivering your message\. Full details follow:/m.test(report.text),
  recipients: (report) => {
    const out: Array<{ address: string; lines: string[] }> = [];
    let current: { address: string; lines: string[] } | null = null;
    const notice = report.text.split(/^The attachment contains the original mail headers/m)[0];
    for (const line of notice.split('\n')) {
      const refused = REFUSED.exec(line);
      const listed = refused ? null : LISTED.exec(line);
      if (refused) {
        current = { address: refused[1].toLowerCase(), lines: [line.trim()] };
        out.push(current);
      } else if (listed) {
        for (const a of listed[1].match(ANY) ?? [])
          out.push({ address: a.toLowerCase(), lines: [line.trim()] });
        current = null;
      } else if (current && /^\s+\S/.test(line)) {
        // the entry's indented continuation: the command and the reply
        current.lines.push(line.trim());
      } else if (line.trim() !== '') {
        current = null;
      }
    }
    return out.map((b): FamilyRecipient => {
      const diagnostic = b.lines.join('\n');
      return { address: b.address, diagnostic, stage: stageIn(diagnostic) };
    });
  },
};

const REFUSED = new RegExp(
  String.raw`^SMTP Server <[^<>\s]*> rejected recipient <(${addressPattern()})>`,
  'i',
);
const LISTED = /^The following recipients returned permanent errors:\s*(.+)$/i;
const ANY = new RegExp(addressPattern(), 'g');

function stageIn(text: string): Stage {
  return stageOfCommand(/\(Error following (RCPT|MAIL|DATA|EHLO|HELO)\b/i.exec(text)?.[1]);
}
