import type { Provider } from './provider';

export const aol: Provider = {
  name: 'aol',
  // AOL's outbound relays report their own DNS failures
  domains: ['mail.aol.com', 'mx.aol.com'],
  phrases: [
    { pattern: /host or domain name not found/i, reason: 'hostunknown', meaning: 'no such domain' },
    {
      pattern: /type=MX: malformed or unexpected name server reply/i,
      reason: 'notaccept',
      meaning: "the domain's MX answer is unusable",
    },
  ],
  source: 'sisimai/go-sisimai rhost/for-aol.go',
};
