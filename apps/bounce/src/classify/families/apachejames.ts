import { addressPattern, headerMatches, type Family } from './family';

/**
 * Apache James: Subject "[BOUNCE]", a Message-ID with ".JavaMail.", or a Received "JAMES SMTP
 * Server". Its notify mailets write the cause after "Error message below:" and then "Message
 * details:" with the original's Subject, Sent date, MAIL FROM, one "  RCPT TO: a@b" per
 * recipient, From, To and size (AbstractNotify.java); its DSN bounce lists the addresses under
 * "Failed recipient(s):". The recipients are the RCPT TO lines (or that list); the cause is the
 * error message alone, not the details quoted after it (the original's Subject is no reply).
 */
export const apachejames: Family = {
  name: 'apachejames',
  matches: (report) =>
    report.subject?.trim() === '[BOUNCE]' ||
    report.headers.some(([n, v]) => n === 'message-id' && v.includes('.JavaMail.')) ||
    headerMatches(report, 'received', /\bJAMES SMTP Server\b/),
  recipients: (report) => {
    const error =
      /^Error message(?: below)?:\s*\n([\s\S]*?)(?:^Message details:|\n\s*\n)/m.exec(report.text)?.[1] ?? '';
    const rcpt = new RegExp(String.raw`^\s+RCPT TO:\s*<?(${addressPattern()})>?\s*$`, 'gim');
    const listed = /^Failed recipient\(s\):\s*\n([\s\S]*?)(?:\n\s*\n|$)/m.exec(report.text)?.[1] ?? '';
    const addresses = [...report.text.matchAll(rcpt)].map((m) => m[1]);
    const all = addresses.length > 0 ? addresses : (listed.match(new RegExp(addressPattern(), 'g')) ?? []);
    return [...new Set(all.map((a) => a.toLowerCase()))].map((address) => ({
      address,
      diagnostic: error.trim(),
    }));
  },
};
