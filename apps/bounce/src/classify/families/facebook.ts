import type { Reason } from '../reasons';
import type { Family } from './family';

/**
 * Facebook's mail servers (mx.facebook.com): From "Facebook <mailer-daemon@mx.facebook.com>",
 * Subject "Sorry, your message could not be delivered", an RFC 3464 report whose
 * Diagnostic-Code carries Facebook's own response code ("550 5.1.1 RCP-P2 http://postmaster.
 * facebook.com/response_codes…"). The code names the cause more exactly than the status beside
 * it, as Facebook's postmaster response-code page listed them (kept in Sisimai's Facebook module).
 */
export const facebook: Family = {
  name: 'facebook',
  matches: (report) => /@mx\.facebook\.com\b/i.test(report.from ?? ''),
  refine: (_report, r) => {
    const code = /\b([A-Z]{3}-[PT]\d)\b/.exec(r.diagnostic)?.[1];
    const reason = code ? (CODES[code] ?? (/^INT-T\d$/.test(code) ? 'systemerror' : undefined)) : undefined;
    return reason ? { reason } : null;
  },
};

/** Facebook's response codes (P permanent, T temporary); the ones it left without a cause are not listed. */
const CODES: Readonly<Record<string, Reason>> = {
  // the recipient (or group) address does not exist
  'RCP-P1': 'userunknown',
  'INT-P1': 'userunknown',
  'INT-P3': 'userunknown',
  'INT-P4': 'userunknown',
  // the recipient's preferences or privacy settings refuse the message
  'RCP-P2': 'filtered',
  'RCP-P3': 'filtered',
  // the address is deactivated for now
  'RCP-T4': 'suspend',
  // larger than Facebook accepts
  'MSG-P1': 'emailtoolarge',
  'INT-P2': 'emailtoolarge',
  // an attachment type it refuses, a header field repeated that may appear once, a blocked URL
  'MSG-P2': 'contenterror',
  'MSG-P3': 'contenterror',
  'POL-P6': 'contenterror',
  // the sending IP on the Spamhaus PBL, no longer accepted, a virus
  'POL-P1': 'securityerror',
  'POL-P2': 'securityerror',
  'POL-P5': 'securityerror',
  // Facebook not accepting mail from the sending server for some hours
  'POL-P3': 'notaccept',
  'POL-P4': 'notaccept',
  'POL-T1': 'notaccept',
  'POL-T2': 'notaccept',
  'POL-T3': 'notaccept',
  // the MAIL FROM domain missing, without MX or not resolving; no reverse DNS for the server
  'DNS-P1': 'rejected',
  'DNS-P2': 'rejected',
  'DNS-T1': 'rejected',
  'DNS-P3': 'rejected',
  'DNS-T2': 'rejected',
  // too many connections open on Facebook's side; too many new ones from the sender
  'CON-T1': 'systemerror',
  'CON-T3': 'ratelimited',
};
