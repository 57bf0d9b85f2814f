import type { Provider } from './provider';

export const spectrum: Provider = {
  name: 'spectrum',
  domains: ['charter.net', 'spectrum.net'],
  // "AUP#I-1000" (incoming), "AUP#O-1000" (outgoing), written also "AUP#In-1310", "AUP#Out-…"
  codeMark: /\bAUP#[IO][a-z]*-?(\d{4})\b/i,
  codesAlone: true,
  codes: [
    { code: '1000', reason: 'blocked', meaning: 'IP blocked for suspicious activity' },
    { code: '1010', reason: 'rejected', meaning: 'account blocked from sending for suspicious activity' },
    { code: '1020-1080', reason: 'rejected', meaning: 'account has limited access to send' },
    { code: '1090', reason: 'systemerror', meaning: "the email can't be processed: try later" },
    { code: '1100-1150', reason: 'requireptr', meaning: 'no full-circle (reverse) DNS for the IP' },
    { code: '1160-1190', reason: 'policyviolation', meaning: "against the domain's security policies" },
    { code: '1200-1210', reason: 'blocked', meaning: 'IP flagged by Cloudmark CSI' },
    { code: '1220-1250', reason: 'blocked', meaning: 'IP listed by Spamhaus' },
    { code: '1260', reason: 'networkerror', meaning: 'IPv6 not accepted: connect over IPv4' },
    { code: '1300-1340', reason: 'ratelimited', meaning: 'too many (concurrent) connections' },
    {
      code: '1350-1490',
      reason: 'ratelimited',
      meaning: 'limits on messages, recipients, invalid recipients',
    },
    { code: '1500', reason: 'rejected', meaning: 'sending as another address than signed in with' },
    { code: '1520', reason: 'rejected', meaning: 'sending as a domain not hosted by Spectrum' },
    { code: '1530', reason: 'emailtoolarge', meaning: 'larger than the 20 MB maximum' },
    { code: '1540', reason: 'ratelimited', meaning: 'too many messages in one session' },
    { code: '1550', reason: 'ratelimited', meaning: 'too many recipients in one message' },
    { code: '1560', reason: 'policyviolation', meaning: 'too many invalid recipients' },
    { code: '1580', reason: 'ratelimited', meaning: 'too many recipients in a short period' },
  ],
  source: 'https://www.spectrum.net/support/internet/understanding-email-error-codes',
};
