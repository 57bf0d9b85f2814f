import type { CampaignSubmit, Recipient } from '@postroom/contracts';
import { randomBytes } from 'node:crypto';

export function recipients(count: number, domain = 'example.com', prefix = 'user'): Recipient[] {
  return Array.from({ length: count }, (_, i) => ({ email: `${prefix}${i}@${domain}`, name: `User ${i}` }));
}

export function campaignSubmit(overrides: Partial<CampaignSubmit> = {}): CampaignSubmit {
  return {
    idempotencyKey: `key-${randomBytes(6).toString('hex')}`,
    account: 'acme',
    from: 'news@acme.example',
    subject: 'Hello {{name}}',
    html: '<p>Hello {{name}}</p>',
    text: 'Hello {{name}}',
    recipients: recipients(3),
    ...overrides,
  };
}
