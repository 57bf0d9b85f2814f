import { addressPattern, headerMatches, type Family, verdictIn, type Verdicts } from './family';

/**
 * Zoho Mail: the header X-ZohoMail, Exim's introduction ("This message was created automatically
 * by mail delivery software."), then one line per recipient, "a@b Invalid Address, ERROR_CODE
 * :550, ERROR_CODE :5.1.1 <a@b>... User Unknown" or "[Status: Error, Address: <a@b>,
 * ResponseCode 421, , Host not reachable.]", and the original's header right after (from its
 * "Received:" on, with no MIME part around it), which is no part of any recipient's reply.
 * "Host not reachable" is said once Zoho's retries to an unreachable host ran out.
 */
export const zoho: Family = {
  name: 'zoho',
  matches: (report) => headerMatches(report, 'x-zohomail', /./),
  recipients: (report) => {
    const notice = report.text.split(/^Received:/m)[0];
    const line = new RegExp(
      String.raw`^(?:(${addressPattern()})\s+.*ERROR_CODE\s*:|\[Status:[^\n]*Address:\s*<(${addressPattern()})>)`,
      'gm',
    );
    const found = [...notice.matchAll(line)];
    return found.map((m, i) => ({
      address: (m[1] ?? m[2]).toLowerCase(),
      // the line and its wrapped continuation, up to a blank line or the next recipient's line
      diagnostic: notice
        .slice(m.index, found[i + 1]?.index ?? notice.length)
        .split(/\n\s*\n/)[0]
        .trim(),
    }));
  },
  refine: (_report, r) => {
    const reason = verdictIn(VERDICTS, r.diagnostic);
    return reason ? { reason } : null;
  },
};

const VERDICTS: Verdicts = [[/\bHost not reachable\b/i, 'expired']];
