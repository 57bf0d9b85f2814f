import { addressPattern, after, type Family } from './family';

/**
 * Trustwave MailMarshal (Secure Email Gateway): Subject 'Undeliverable Mail: "<original
 * subject>"', "Your message:" with the original's From and Subject indented, "Could not be
 * delivered because of" and the reply, then "The following recipients were affected:" with the
 * addresses indented by four spaces, and an "Additional Information" block (Original Sender,
 * Sender-MTA, Remote-MTA, Reporting-MTA). The one reply is every listed recipient's; the
 * original's Subject quoted above it is not the server's word.
 */
export const mailmarshal: Family = {
  name: 'mailmarshal',
  matches: (report) =>
    /^Undeliverable Mail: "/i.test(report.subject ?? '') &&
    /^Could not be delivered because of\s*$/m.test(report.text) &&
    /^The following recipients were affected:\s*$/m.test(report.text),
  recipients: (report) => {
    const reply = after(report.text, /^Could not be delivered because of\s*$/m)
      .split(/^The following recipients were affected:\s*$/m)[0]
      .trim();
    const affected = after(report.text, /^The following recipients were affected:\s*$/m).split(/\n\s*\n/)[0];
    const line = new RegExp(String.raw`^\s+<?(${addressPattern()})>?\s*$`, 'gm');
    return [...affected.matchAll(line)].map((m) => ({ address: m[1].toLowerCase(), diagnostic: reply }));
  },
};
