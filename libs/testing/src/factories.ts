import type { CampaignSubmit, Recipient, SmsCampaignSubmit, SmsRecipient } from '@postroom/contracts';
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

/** `count` German mobile numbers, distinct, as people write them. */
export function phoneRecipients(count: number, prefix = 'User'): SmsRecipient[] {
  return Array.from({ length: count }, (_, i) => ({
    phone: `+49 151 ${String(20_000_000 + i).padStart(8, '0')}`,
    name: `${prefix} ${i}`,
  }));
}

export function smsCampaignSubmit(overrides: Partial<SmsCampaignSubmit> = {}): SmsCampaignSubmit {
  return {
    idempotencyKey: `key-${randomBytes(6).toString('hex')}`,
    account: 'acme',
    channel: 'sms',
    from: 'news@acme.example',
    text: 'Hello {{name}}, 20% off today',
    recipients: phoneRecipients(3),
    ...overrides,
  };
}
