import type { Provider } from './provider';

export const zoho: Provider = {
  name: 'zoho',
  domains: ['zoho.com', 'zohomail.com', 'zoho.eu', 'zoho.in', 'zoho.com.au', 'zoho.jp', 'zohomail.eu'],
  phrases: [
    { pattern: /email rejected per dmarc policy/i, reason: 'authfailure', meaning: 'DMARC policy' },
    { pattern: /greylisted, try again after some time/i, reason: 'blocked', meaning: 'greylisted' },
    {
      pattern:
        /email cannot be delivered\. reason: email flagged as spam|mail rejected by destination domain/i,
      reason: 'rejected',
      meaning: 'sender refused by the destination',
    },
    {
      pattern: /email policy violation detected|mailbox delivery restricted by policy error/i,
      reason: 'policyviolation',
      meaning: 'policy',
    },
    { pattern: /temporary system error/i, reason: 'systemerror', meaning: '452 4.3.1' },
    { pattern: /user does not exist/i, reason: 'userunknown', meaning: 'no such user' },
    { pattern: /detected by zoho mail/i, reason: 'virusdetected', meaning: 'virus detected' },
  ],
  source: 'https://www.zoho.com/mail/help/spam-reason.html ; https://smtpfieldmanual.com/provider/zoho',
};
