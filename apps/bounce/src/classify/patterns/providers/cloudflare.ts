import type { Provider } from './provider';

export const cloudflare: Provider = {
  name: 'cloudflare',
  domains: ['mx.cloudflare.net'],
  phrases: [
    { pattern: /found on one or more DNSBLs/i, reason: 'blocked', meaning: 'sending IP on a DNSBL' },
    { pattern: /upstream error/i, reason: 'systemerror', meaning: 'the forwarding destination failed' },
  ],
  source: 'https://developers.cloudflare.com/email-routing/postmaster/',
};
