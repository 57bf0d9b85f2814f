import { addressPattern, after, blocksBy, type Family } from './family';

/**
 * Exchange Server and Microsoft 365 NDRs. Current ones: "Delivery has failed to these recipients
 * or groups:" (or "Your message to a@b couldn't be delivered."), and "Diagnostic information
 * for administrators:" with the address on its own line followed by "Remote Server returned
 * '550 5.1.1 …'" or "#550 5.1.1 RESOLVER.ADR.RecipNotFound; not found ##". Exchange 2000/2003:
 * "Your message did not reach some or all of the intended recipients.", "The following
 * recipient(s) could not be reached:" (or "cannot be reached:"), "a@b on <date>", the explanation indented, and
 * "<server #5.1.1>".
 */
export const exchange: Family = {
  name: 'exchange',
  matches: (report) =>
    report.headers.some(([n]) => n.startsWith('x-ms-exchange-')) ||
    /Diagnostic information for administrators:/i.test(report.text) ||
    /Your message did not reach some or all of the intended recipients/i.test(report.text) ||
    /following recipient\(s\) (?:cannot|could not) be reached:/i.test(report.text),
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
    return blocksBy(
      after(report.text, /following recipient\(s\) (?:cannot|could not) be reached:\s*\n/i),
      new RegExp(String.raw`^\s*(?:<)?(${addressPattern()})>?(?: on .*)?\s*$`),
    );
  },
};
