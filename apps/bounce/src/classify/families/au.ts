import { addressPattern, headerMatches, reportWords, type Family } from './family';

/**
 * au by KDDI (ezweb.ne.jp, au.com): the reception filter refuses mail it blocks with a bare
 * "550 : User unknown" (no address), which is a filter's answer, not a missing mailbox; au's own
 * notices ("Your mail sent on … Could not be delivered to: <a@b> As their mailbox is full.")
 * name the recipient after "Could not be delivered to:" (or "Your mail attempted to be delivered
 * on:"), and a notice that quotes "RCPT TO:<a@b>" refused at that command. au's spam filter
 * marks what it returns with "X-SPASIGN: NG": a filter's refusal, whatever the notice says.
 * "The user(s) account is temporarily limited." is an account au has suspended (an unpaid one).
 */
export const au: Family = {
  name: 'au',
  matches: (report) => /(?:ezweb\.ne\.jp|\bau\.com|kddi)/i.test(reportWords(report) + (report.from ?? '')),
  recipients: (report) => {
    const m = new RegExp(
      String.raw`Could not be delivered to:\s*<?(${addressPattern()})>?\s*\n([\s\S]{0,300})`,
      'i',
    ).exec(report.text);
    return m ? [{ address: m[1].toLowerCase(), diagnostic: m[2].split(/\n\s*\n/)[0].trim() }] : [];
  },
  refine: (report, r) => {
    // a report that only mentions au (a relay's, naming an au host) speaks for au recipients only
    if (!AU_DOMAIN.test(r.address) && !AU_DOMAIN.test(report.from ?? '')) return null;
    if (headerMatches(report, 'x-spasign', /^\s*NG\b/i)) return { reason: 'filtered' };
    if (/\b5\d\d\s*:\s*user unknown\b/i.test(r.diagnostic)) return { reason: 'filtered' };
    if (/The user\(s\) account is temporarily limited/i.test(r.diagnostic)) return { reason: 'suspend' };
    return /\bRCPT TO:\s*<[^>]+@[^>]+>/i.test(r.diagnostic) ? { stage: 'rcpt' } : null;
  },
};

const AU_DOMAIN = /@(?:[\w-]+\.)*(?:ezweb\.ne\.jp|au\.com|kddi\.com)>?\s*$/i;
