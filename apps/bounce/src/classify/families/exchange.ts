import type { Report } from '../parse-report';
import { exchangeCodeReason } from './exchange-codes';
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
 * delayed."), each address on its own line. Exchange 2007+ localises the headings (French
 * "Informations de diagnostic pour les administrateurs", Italian "Informazioni di diagnostica per
 * gli amministratori", Swedish "Diagnostisk information för administratörer"), and a
 * summary-only rendering gives "Original Message Details" with "Recipient Address: a@b". The
 * 5.5-2003 IMS names an X.400 recipient "c=US;a= ;p=org;o=site;dda:SMTP=a@b; on <date>".
 */
export const exchange: Family = {
  name: 'exchange',
  matches: (report) => report.headers.some(([n]) => n.startsWith('x-ms-exchange-')) || inLayout(report),
  recipients: (report) => {
    const admin = after(report.text, new RegExp(String.raw`${ADMIN.source}[^\n]*\n`, 'i'));
    if (admin) {
      const found = blocksBy(
        admin,
        new RegExp(String.raw`^\s*(${addressPattern()})\s*$`),
        /^\s*(?:Original message headers|En-t[eê]tes de message d'origine|Intestazioni originali del messaggio|Ursprungshuvuden|Received:)/i,
      );
      if (found.length > 0) return found;
    }
    const smtpService = blocksBy(
      after(report.text, /Delivery to the following recipients? (?:failed|has been delayed)\.?\s*\n/i),
      new RegExp(String.raw`^\s*<?(${addressPattern()})>?\s*$`),
    );
    if (smtpService.length > 0) return smtpService;
    const summary = new RegExp(String.raw`^\s*Recipient Address:\s*(${addressPattern()})\s*$`, 'im').exec(
      after(report.text, /^\s*Original Message Details\s*$/im),
    );
    if (summary)
      return [
        {
          address: summary[1].toLowerCase(),
          diagnostic: report.text.split(/^\s*Original Message Details/im)[0].trim(),
        },
      ];
    return blocksBy(
      after(
        report.text,
        /(?:following recipient\(s\) (?:cannot|could not) be reached|did not reach the following recipient\(s\)):\s*\n/i,
      ),
      new RegExp(String.raw`^\s*(?:<|c=[^@\n]*?SMTP=)?(${addressPattern()})>?;?(?: on .*)?\s*$`, 'i'),
    );
  },
  // an explanation that quotes no remote server's reply is Exchange's own verdict from its
  // directory or its routing, about the address as a refusal at RCPT TO is
  // …and its own fixed codes name the cause outright (exchange-codes.ts)
  refine: (report, r) => {
    const reason = exchangeCodeReason(r.diagnostic) ?? undefined;
    // the X-MS-Exchange header alone is also on other MTAs' bounces relayed out through Exchange
    // Online: their explanations are not Exchange's verdicts
    const own =
      inLayout(report) &&
      r.stage === null &&
      r.diagnostic.trim() !== '' &&
      !/Remote Server (?:at .*? )?returned|\b[245]\d\d[ -]/i.test(r.diagnostic);
    return own || reason
      ? { ...(own ? { stage: 'rcpt' as const } : {}), ...(reason ? { reason } : {}) }
      : null;
  },
};

/** Whether the text is in one of Exchange's own NDR layouts. */
function inLayout(report: Report): boolean {
  return (
    ADMIN.test(report.text) ||
    (/^\s*Original Message Details\s*$/im.test(report.text) &&
      /^\s*Recipient Address:/im.test(report.text)) ||
    /Your message did not reach some or all of the intended recipients/i.test(report.text) ||
    /following recipient\(s\) (?:cannot|could not) be reached:/i.test(report.text) ||
    /did not reach the following recipient\(s\):/i.test(report.text) ||
    /\bMSEXCH:(?:IMS|MSExchangeMTA):/.test(report.text) ||
    (/This is an automatically generated Delivery Status Notification/i.test(report.text) &&
      /^\s*Delivery to the following recipients? (?:failed|has been delayed)\.\s*$/im.test(report.text))
  );
}

/** "Diagnostic information for administrators:" in the languages Exchange 2007+ writes it. */
const ADMIN =
  /(?:Diagnostic information for administrators|Informations de diagnostic pour les administrateurs|Informazioni di diagnostica per gli amministratori|Diagnostisk information f\S+r administrat\S+r)\s*:/i;
