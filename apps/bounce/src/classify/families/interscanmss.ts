import { addressPattern, type Family, type FamilyRecipient } from './family';

/**
 * Trend Micro InterScan Messaging Security Suite (now Trend Vision One email security): From
 * '"InterScan MSS" <…>' or a notice that names InterScan; its transcript writes each command it
 * sent as "Sent <<< RCPT TO:<a@b>" and the answer as "Received >>> 550 5.1.1 … user unknown". A
 * recipient it could not deliver to with no answer quoted is "Unable to deliver message to
 * <a@b>" (optionally "(and other recipients in the same domain)"): its own verdict that the
 * address is not there, as Sisimai's InterScanMSS module reads it.
 */
export const interscanmss: Family = {
  name: 'interscanmss',
  matches: (report) =>
    /^"?InterScan\b/i.test(report.from ?? '') || / InterScan /.test(report.text.slice(0, 4000)),
  recipients: (report) => {
    const lines = report.text.split('\n');
    const out: FamilyRecipient[] = [];
    lines.forEach((line, i) => {
      const sent = SENT_RCPT.exec(line);
      if (!sent) return;
      const answer = /^\s*Received >>>\s*(.*)$/.exec(lines[i + 1] ?? '')?.[1] ?? '';
      out.push({ address: sent[1].toLowerCase(), diagnostic: answer.trim(), stage: 'rcpt' });
    });
    // a recipient the transcript answers for is read from the answer, not the verdict line
    for (const line of lines) {
      const unable = UNABLE.exec(line);
      if (unable && !out.some((r) => r.address === unable[1].toLowerCase()))
        out.push({ address: unable[1].toLowerCase(), diagnostic: line.trim() });
    }
    return out;
  },
  refine: (_report, r) => (UNABLE.test(r.diagnostic) ? { reason: 'userunknown' } : null),
};

const SENT_RCPT = new RegExp(String.raw`^\s*Sent <<<\s*RCPT TO:\s*<(${addressPattern()})>`, 'i');
const UNABLE = new RegExp(String.raw`^\s*Unable to deliver message to <(${addressPattern()})>`, 'i');
