import type { Stage } from '../patterns/reply-codes';
import { addressPattern, after, blocksBy, transcriptStage, type Family, type Refinement } from './family';

/**
 * Sendmail's bounce: "----- The following addresses had permanent fatal errors -----", each
 * address on its own line with "(reason: 550 …)" under it, then "----- Transcript of session
 * follows -----" with the dialogue (">>> RCPT To:<a@b>", "<<< 550 …") and a summary line
 * "550 5.1.1 <a@b>... User unknown"; when the queue's return timeout ran out the transcript says
 * so once for all ("Message could not be delivered for 5 days", "Cannot send message for 5 days").
 * With PIPELINING the transcript can show ">>> DATA" for a
 * refused RCPT, so the transcript's command is a hint the codes may overrule. A transcript that
 * quotes a reply ("<<< 554 …") after "... while talking to host:" but shows no command sent
 * (">>>") is a refusal of the connection's greeting. A local delivery program that failed is
 * "554 5.3.0 unknown mailer error N" (deliver.c): the mailer's exit status, not the recipient.
 */
export const sendmail: Family = {
  name: 'sendmail',
  matches: (report) =>
    /-{3,} The following addresses had (?:permanent fatal|transient non-fatal) errors -{3,}/i.test(
      report.text,
    ) || /-{3,} Transcript of session follows -{3,}/i.test(report.text),
  recipients: (report) => {
    const listed = blocksBy(
      after(
        report.text,
        /The following addresses had (?:permanent fatal|transient non-fatal) errors -+\s*\n/i,
      ),
      new RegExp(String.raw`^\s*<?(${addressPattern()})>?\s*(?:\(.*\))?\s*$`),
      /^\s*-{3,}/,
    );
    const transcript = after(report.text, /Transcript of session follows -+\s*\n/i);
    const stage = sessionStage(transcript);
    // the queue's return timeout is the verdict on every address, whatever each last met
    const expiry = /^.*\b(?:cannot send message|message could not be delivered) for \d+ \w+.*$/im.exec(
      transcript,
    )?.[0];
    return listed.map((r) => ({
      ...r,
      diagnostic: [
        r.diagnostic.replace(/^\(reason: (.*)\)$/m, '$1'),
        // the summary line is the verdict of a local delivery; after a quoted reply it is
        // Sendmail's paraphrase of the code (withoutParaphrases)
        summaryFor(withoutParaphrases(transcript), r.address),
        expiry ?? '',
      ]
        .filter(Boolean)
        .join('\n'),
      stage,
    }));
  },
  // an RFC 3464 report's recipients come from its fields: the transcript gives the command
  // when it holds one recipient's dialogue
  refine: (report, r) => {
    const transcript = after(report.text, /Transcript of session follows -+\s*\n/i);
    const mailer: Refinement | null = /\bunknown mailer error \d+/i.test(`${r.diagnostic}\n${transcript}`)
      ? { reason: 'mailererror' }
      : null;
    const recipients = report.deliveryStatus?.recipients.length ?? 0;
    const stage = recipients === 1 ? sessionStage(transcript) : null;
    return mailer ?? (stage ? { stage } : null);
  },
  explanation: (report) => withoutParaphrases(report.text),
};

/** The command the transcript shows refused, or the greeting when it quotes a reply to none. */
function sessionStage(transcript: string): Stage {
  const stage = transcriptStage(transcript);
  if (stage) return stage;
  return /^\.\.\. while talking to [^\n]*\n\s*<<<\s*[45]\d\d/im.test(transcript) ? 'connect' : null;
}

/**
 * The text without Sendmail's own lines that follow a reply it quotes ("<<< 550 …" then "554
 * 5.0.0 Service unavailable", "550 5.1.1 <a@b>... User unknown"): deliver.c writes them from the
 * reply code alone (the sysexits texts of err.c), whatever the server said.
 */
export function withoutParaphrases(text: string): string {
  const kept: string[] = [];
  let afterReply = false;
  for (const line of text.split('\n')) {
    if (afterReply && /^\d{3} \d\.\d{1,3}\.\d{1,3} /.test(line)) continue;
    if (line.trim() !== '') afterReply = /^\s*<<<\s/.test(line);
    kept.push(line);
  }
  return kept.join('\n');
}

/** The transcript's summary line for one address ("550 5.1.1 <a@b>... User unknown"). */
function summaryFor(transcript: string, address: string): string {
  const line = transcript
    .split('\n')
    .find((l) => /^\d{3} /.test(l) && l.toLowerCase().includes(address.toLowerCase()));
  return line ?? '';
}
