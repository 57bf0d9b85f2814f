import type { Provider } from './provider';

export const orange: Provider = {
  name: 'orange',
  // Orange and Wanadoo (France Télécom), and La Poste's laposte.net
  domains: ['orange.fr', 'wanadoo.fr', 'laposte.net'],
  // "OFR_416", "OFR005_505", "LPN007_426", "LPNAAA_101", "LPN416", "OUK_513": the last 3 digits
  codeMark: /\b(?:LPNAAA|LPN|OFR|OUK)(?:\d{3})?[_-]?(\d{3})\b/i,
  codesAlone: true,
  codes: [
    {
      code: '100-103',
      reason: 'blocked',
      meaning: 'sending IP on Abusix, Spamhaus, Cloudmark or Orange lists',
    },
    { code: '104', reason: 'ratelimited', meaning: 'too many simultaneous connections' },
    { code: '107', reason: 'requireptr', meaning: 'sending IP has no PTR record' },
    { code: '109', reason: 'ratelimited', meaning: 'too many messages per connection' },
    { code: '200-209', reason: 'blocked', meaning: 'invalid HELO/EHLO' },
    { code: '305', reason: 'securityerror', meaning: 'invalid authentication code' },
    { code: '390-399', reason: 'authfailure', meaning: "sender domain's SPF error" },
    { code: '401', reason: 'authfailure', meaning: 'SPF: not allowed to send mail' },
    { code: '402', reason: 'securityerror', meaning: 'authentication required' },
    { code: '403', reason: 'rejected', meaning: 'invalid sender' },
    { code: '405', reason: 'rejected', meaning: "sender domain's DNS: no valid A or MX" },
    { code: '415', reason: 'rejected', meaning: 'invalid sender' },
    { code: '416', reason: 'userunknown', meaning: "user doesn't exist here" },
    { code: '417', reason: 'mailboxfull', meaning: 'recipient over quota' },
    { code: '420', reason: 'suspend', meaning: 'archived recipient' },
    { code: '421', reason: 'rejected', meaning: 'mail from not owned by user' },
    { code: '425', reason: 'rejected', meaning: 'sender domain blacklisted (Abusix, Spamhaus)' },
    { code: '426', reason: 'suspend', meaning: 'recipient account blocked' },
    { code: '505', reason: 'systemerror', meaning: 'service refused, try later (after DATA)' },
    { code: '506', reason: 'spamdetected', meaning: 'message blocked: suspected spam' },
    { code: '510', reason: 'blocked', meaning: 'service refused (after DATA)' },
    { code: '514', reason: 'emailtoolarge', meaning: 'message size limit reached' },
    { code: '515', reason: 'authfailure', meaning: 'DMARC failed: rejected by the DMARC policy' },
    { code: '517', reason: 'authfailure', meaning: 'DMARC verification failed' },
    { code: '519', reason: 'authfailure', meaning: 'sending IP not authorised by the SPF record' },
    { code: '630', reason: 'policyviolation', meaning: 'client host rejected' },
    { code: '990-999', reason: 'ratelimited', meaning: 'rate limited for bad behaviour' },
  ],
  phrases: [
    {
      pattern: /spf\/dns de votre nom de domaine/i,
      reason: 'authfailure',
      meaning: 'invalid sender: SPF check failed',
    },
  ],
  source:
    'https://postmaster.orange.fr/ ; https://www.postmastery.com/orange-postmaster-smtp-error-codes-ofr/',
};
