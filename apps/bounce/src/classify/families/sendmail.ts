import { addressPattern, after, blocksBy, transcriptStage, type Family } from './family';

/**
 * Sendmail's bounce: "----- The following addresses had permanent fatal errors -----", each
 * address on its own line with "(reason: 550 …)" under it, then "----- Transcript of session
 * follows -----" with the dialogue (">>> RCPT To:<a@b>", "<<< 550 …") and a summary line
 * "550 5.1.1 <a@b>... User unknown". With PIPELINING the transcript can show ">>> DATA" for a
 * refused RCPT, so the transcript's command is a hint the codes may overrule.
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
    const stage = transcriptStage(transcript);
    return listed.map((r) => ({
      ...r,
      diagnostic: [r.diagnostic.replace(/^\(reason: (.*)\)$/m, '$1'), summaryFor(transcript, r.address)]
        .filter(Boolean)
        .join('\n'),
      stage,
    }));
  },
};

/** The transcript's summary line for one address ("550 5.1.1 <a@b>... User unknown"). */
function summaryFor(transcript: string, address: string): string {
  const line = transcript
    .split('\n')
    .find((l) => /^\d{3} /.test(l) && l.toLowerCase().includes(address.toLowerCase()));
  return line ?? '';
}
