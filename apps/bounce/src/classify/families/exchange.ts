import { addressPattern, after, blocksBy, type Family } from './family';

/**
 * Exchange Server and Microsoft 365 NDRs. Current ones: "Delivery has failed to these recipients
 * or groups:" (or "Your message to a@b couldn't be delivered."), and "Diagnostic information
 * for administrators:" with the address on its own line followed by "Remote Server returned
 * '550 5.1.1 …'" or "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##". Exchange 2000/2003:
 * "Your message did not reach some or all of the intended recipients.", "The following
 * recipient(s) could not be reached:" (or "cannot be reached:"), "a@b on <date>", the explanation
 * indented, and "<server #5.1.1>" (KB 284204). Exchange 5.5 and 2000's Internet Mail Service:
 * "Your message\n  To: …\n  Subject: …\ndid not reach the following recipient(s):", "a@b on
 * <date>", the explanation, and "MSEXCH:IMS:org:site:server 0 (000C05A6) Unknown Recipient"
 * (KB 251152, 246881). The SMTP service's own DSN: "This is an automatically generated Delivery
 * Status Notification.", "Delivery to the following recipients failed." (or "… has been
 * delayed."), each address on its own line.
 */
export const exchange: Family = {
  name: 'exchange',
  matches: (report) =>
    report.headers.some(([n]) => n.startsWith('x-ms-exchange-')) ||
    /Diagnostic information for administrators:/i.test(report.text) ||
    /Your message did not reach some or all of the intended recipients/i.test(report.text) ||
    /following recipient\(s\) (?:cannot|could not) be reached:/i.test(report.text) ||
    /did not reach the following recipient\(s\):/i.test(report.text) ||
    /\bMSEXCH:(?:IMS|MSExchangeMTA):/.test(report.text) ||
    (/This is an automatically generated Delivery Status Notification/i.test(report.text) &&
      /^\s*Delivery to the following recipients? (?:failed|has been delayed)\.\s*$/im.test(report.text)),
  recipients: (report) => {
    const admin = after(report.text, /Diagnostic information for administrators:\s*\n/i);
    if (admin) {
      const found = blocksBy(
        admin,
        new RegExp(String.raw`^\s*(${addressPattern()})\s*$`),
        /^\s*(?:Original message headers|Received:)/i,
      );
      if (found.length > 0) return found;
    }
    const smtpService = blocksBy(
      after(report.text, /Delivery to the following recipients? (?:failed|has been delayed)\.?\s*\n/i),
      new RegExp(String.raw`^\s*<?(${addressPattern()})>?\s*$`),
    );
    if (smtpService.length > 0) return smtpService;
    return blocksBy(
      after(
        report.text,
        /(?:following recipient\(s\) (?:cannot|could not) be reached|did not reach the following recipient\(s\)):\s*\n/i,
      ),
      new RegExp(String.raw`^\s*(?:<)?(${addressPattern()})>?(?: on .*)?\s*$`),
    );
  },
  // an explanation that quotes no remote server's reply is Exchange's own verdict from its
  // directory or its routing, about the address as a refusal at RCPT TO is
  refine: (_report, r) =>
    r.stage === null &&
    r.diagnostic.trim() !== '' &&
    !/Remote Server returned|\b[245]\d\d[ -]/i.test(r.diagnostic)
      ? { stage: 'rcpt' }
      : null,
};
