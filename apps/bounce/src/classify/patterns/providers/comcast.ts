import type { Provider } from './provider';

export const comcast: Provider = {
  name: 'comcast',
  domains: ['comcast.net'],
  // "554 … comcast 192.0.2.1 Comcast block for spam. Please see …#BL000000": the refusal's code
  // names the list the IP is on (BL…) or a dynamic/residential IP (ES…)
  codeMark: /\b(ES|BL)\d{3,6}\b/,
  codes: [
    { code: 'ES', reason: 'blocked', meaning: 'sent from dynamic/residential IP space' },
    {
      code: 'BL',
      reason: 'blocked',
      meaning: 'IP on Spamhaus, Cloudmark CSI, SenderScore, or sends like spam',
    },
  ],
  phrases: [
    {
      pattern: /too many sessions opened/i,
      reason: 'ratelimited',
      meaning: 'too many simultaneous connections',
    },
    { pattern: /reverse dns failure/i, reason: 'requireptr', meaning: 'the sending IP has no valid rDNS' },
  ],
  source:
    'http://postmaster.comcast.net/mail-error-codes.aspx ; https://www.xfinity.com/support/articles/email-errors',
};
