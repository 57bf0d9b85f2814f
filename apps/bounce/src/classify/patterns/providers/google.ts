import type { Provider } from './provider';

export const google: Provider = {
  name: 'google',
  domains: ['google.com', 'gmail.com', 'googlemail.com'],
  // "gsmtp (Google SMTP) is added to all errors"; "gcdp" to those of an administrator's own rule
  signature: /\bgsmtp\b/i,
  // Gmail reuses codes the RFCs give other meanings (x.2.1 for a rate, x.7.23 for a PTR record,
  // x.7.27 and x.7.30 for SPF and DKIM, x.7.29 for TLS), and its words name the cause
  phrases: [
    {
      pattern: /does(?: not|n'?t) have a ptr record/i,
      reason: 'requireptr',
      documentedWith: /^[45]\.7\.(?:0|23|25)$/,
      meaning: '4.7.0, 4.7.23, 5.7.25: no PTR record for the sending IP, or it does not match',
    },
    {
      pattern:
        /\b(?:spf|dkim) authentication didn'?t pass|didn'?t pass (?:spf|dkim) authentication|fails to pass spf checks/i,
      reason: 'authfailure',
      documentedWith: /^[45]\.7\.(?:26|27|30)$/,
      meaning: '4.7.27, 5.7.27, 4.7.30, 5.7.30, 5.7.26: SPF or DKIM did not pass',
    },
    {
      pattern: /not using a tls connection|wasn'?t sent over a tls connection/i,
      reason: 'failedstarttls',
      documentedWith: /^[45]\.7\.29$/,
      meaning: '4.7.29, 5.7.29: bulk senders must use TLS',
    },
    {
      pattern:
        /is not rfc 5322 compliant|encoded-word syntax is not permitted in message header|unicode character in a disallowed header/i,
      reason: 'notcompliantrfc',
      meaning: '5.7.1: duplicate, missing or malformed headers',
    },
    {
      pattern: /its content presents a potential security issue/i,
      reason: 'virusdetected',
      meaning: '5.7.0: a file type Gmail blocks to keep viruses out',
    },
    {
      pattern:
        /receiving (?:e-?mail|mail) (?:too quickly|at a rate that prevents additional messages)|exceeded the quota for sending messages that have the same message-id|unusual rate of (?:unsolicited )?e-?mail(?:(?!blocked).)*rate limited/i,
      reason: 'ratelimited',
      meaning: '4.2.1, 5.2.1, 4.7.28: the recipient or the sender is over a rate',
    },
    {
      pattern:
        /username and password not accepted|application-specific password required|please log in (?:through|with) your web browser/i,
      reason: 'securityerror',
      meaning: '5.7.8, 5.7.9, 5.7.14: authentication refused',
    },
    {
      pattern: /has a policy that prohibits the email that you sent|\bgcdp\b/i,
      reason: 'policyviolation',
      meaning: "5.7.1: the domain's policy, or a rule its administrator made (gcdp)",
    },
  ],
  source:
    'https://support.google.com/a/answer/3726730 (Gmail SMTP errors and codes) ; https://support.google.com/a/answer/81126 (Email sender guidelines)',
};
