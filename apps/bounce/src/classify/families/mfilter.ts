import type { Stage } from '../patterns/reply-codes';
import { addressPattern, after, headerMatches, stageOfCommand, type Family } from './family';

/**
 * Digital Arts m-FILTER: X-Mailer "m-FILTER", Subject "failure notice", a Japanese explanation,
 * each failed address on a line of its own, then "-------server message" with the remote's
 * reply on the next line and "-------SMTP command" with the command it answered ("RCPT TO:<a@b>",
 * "DATA") on the next, and "-------original message". The command section is the stage.
 */
export const mfilter: Family = {
  name: 'mfilter',
  matches: (report) => headerMatches(report, 'x-mailer', /^m-FILTER\b/i),
  recipients: (report) => {
    const notice = report.text.split(/^-------original (?:message|mail info)/m)[0];
    const head = notice.split(/^-------server message/m)[0];
    const reply = firstLine(after(notice, /^-------server message\s*$/m));
    const stage = stageOf(firstLine(after(notice, /^-------SMTP command\s*$/m)));
    const line = new RegExp(String.raw`^(${addressPattern()})\s*$`, 'gm');
    return [...head.matchAll(line)].map((m) => ({ address: m[1].toLowerCase(), diagnostic: reply, stage }));
  },
};

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? ''
  );
}

function stageOf(command: string): Stage {
  return stageOfCommand(/^(RCPT|MAIL|DATA|EHLO|HELO)\b/i.exec(command)?.[1]);
}
