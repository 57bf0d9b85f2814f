import type { Stage } from '../patterns/reply-codes';
import { addressPattern, after, blocksBy, stageOfCommand, type Family } from './family';

/**
 * An MTA nobody has named (Sisimai calls it X3): a framed "This is an automatically generated
 * Delivery Status Notification.", a heading, the recipients as a bulleted list ("  * a@b"), then
 * "Technical details:" with one line per failure: "SMTP:RCPT host 192.0.2.8: 553 5.3.0 …" (the
 * command the reply answered follows "SMTP:") or its router's own "Routing: Could not find a
 * gateway for a@b". A heading that says delivery "was aborted after 5.0 hour(s)" is the queue's
 * time limit running out: the verdict on every recipient listed under it.
 */
export const x3: Family = {
  name: 'x3',
  matches: (report) =>
    /^\s*This is an automatically generated Delivery Status Notification\.\s*$/m.test(report.text) &&
    /^ {2}\* \S+@\S+\s*$/m.test(report.text),
  recipients: (report) => {
    const details = after(report.text, /^\s*Technical details:\s*$/m).split(/^={10,}/m)[0] ?? '';
    const head = report.text.split(/^\s*Technical details:\s*$/m)[0];
    const headings = headingsOf(head);
    return blocksBy(head, new RegExp(String.raw`^ {2}\* (${addressPattern()})\s*$`), /^={10,}/).map((r) => {
      const line = lineFor(details, r.address);
      // the time limit speaks only for the recipients listed under it
      const heading = headings.get(r.address) ?? '';
      return {
        address: r.address,
        diagnostic: ABORTED.test(heading) ? [heading, line].filter(Boolean).join('\n') : line,
        stage: stageIn(line),
      };
    });
  },
  refine: (_report, r) => (ABORTED.test(r.diagnostic) ? { reason: 'expired' } : null),
};

/** Each listed address with the heading it sits under ("… was aborted after 5.0 hour(s):"). */
function headingsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let heading = '';
  for (const line of text.split('\n')) {
    const bullet = /^ {2}\* (\S+@\S+)\s*$/.exec(line);
    if (bullet) out.set(bullet[1].toLowerCase(), heading);
    else if (line.trim() !== '' && !/^[=*\s-]+$/.test(line)) heading = line.trim();
  }
  return out;
}

const ABORTED = /\bwas aborted after [\d.]+ (?:hour|day|minute)\(?s?\)?/i;

/** The technical line about `address`, or the only one when the list names no address. */
function lineFor(details: string, address: string): string {
  const lines = details
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^(?:SMTP|Routing):/i.test(l));
  return (
    lines.find((l) => l.toLowerCase().includes(address)) ?? (lines.length === 1 ? lines[0] : lines.join('\n'))
  );
}

function stageIn(line: string): Stage {
  return stageOfCommand(/^SMTP:(RCPT|MAIL|DATA|EHLO|HELO|CONN)/i.exec(line)?.[1]);
}
