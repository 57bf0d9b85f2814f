import type { CampaignSubmit, Recipient } from '@postroom/contracts';
import { MessageValidator } from './message-validator';

function recipient(overrides: Partial<Recipient> = {}): Recipient {
  return {
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    vars: { plan: 'pro', seats: 3, trial: false },
    ...overrides,
  };
}

function campaignSubmit(overrides: Partial<CampaignSubmit> = {}): CampaignSubmit {
  return {
    idempotencyKey: 'spring-sale-2026',
    account: 'acme',
    from: 'news@acme.example',
    subject: 'Hello {{name}}',
    html: '<p>Hello {{name}}</p>',
    text: 'Hello {{name}}',
    sendAt: '2026-12-01T09:00:00Z',
    recipients: [recipient(), recipient({ email: 'grace@example.com', name: undefined, vars: undefined })],
    ...overrides,
  };
}

function without<T extends object>(value: T, key: keyof T): Partial<T> {
  const copy: Partial<T> = { ...value };
  delete copy[key];
  return copy;
}

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value), 'utf8');
}

describe(MessageValidator.name, () => {
  let sut: MessageValidator;

  beforeAll(() => {
    sut = new MessageValidator();
  });

  describe('validate campaign.submit', () => {
    it('accepts a valid campaign and returns it as the payload', () => {
      const campaign = campaignSubmit();

      expect(sut.validate('campaign.submit', campaign)).toEqual({ ok: true, payload: campaign });
    });

    it('accepts a campaign with only the required fields', () => {
      const campaign = campaignSubmit({ recipients: [{ email: 'ada@example.com' }] });
      delete campaign.text;
      delete campaign.sendAt;

      expect(sut.validate('campaign.submit', campaign).ok).toBe(true);
    });

    // html is not required by the schema: exactly one of html and mjml is, which the scheduler
    // checks (CampaignContent) and dead-letters with the reason like any bad message
    it.each(['idempotencyKey', 'account', 'from', 'subject', 'recipients'] as const)(
      'rejects a campaign without %s, naming the field',
      (field) => {
        const result = sut.validate('campaign.submit', without(campaignSubmit(), field));

        expect(result).toEqual({
          ok: false,
          reason: expect.stringContaining(`must have required property '${field}'`),
        });
      },
    );

    it('lists every problem, not only the first', () => {
      const result = sut.validate('campaign.submit', {
        ...without(campaignSubmit(), 'subject'),
        from: 'nobody',
      });

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason).toMatch(/^schema: /);
      expect(result.reason).toContain("must have required property 'subject'");
      expect(result.reason).toContain('/from must match format "email"');
    });

    it.each(['not-an-email', 'ada@', '@example.com', 'ada lovelace@example.com'])(
      'rejects the recipient address %j',
      (email) => {
        const result = sut.validate(
          'campaign.submit',
          campaignSubmit({ recipients: [recipient({ email })] }),
        );

        expect(result).toEqual({
          ok: false,
          reason: expect.stringContaining('/recipients/0/email must match format "email"'),
        });
      },
    );

    it('rejects an unknown top-level property', () => {
      const result = sut.validate('campaign.submit', { ...campaignSubmit(), urgency: 'high' });

      expect(result).toEqual({
        ok: false,
        reason: expect.stringContaining('must NOT have additional properties'),
      });
    });

    it('rejects an unknown recipient property', () => {
      const result = sut.validate('campaign.submit', {
        ...campaignSubmit(),
        recipients: [{ ...recipient(), phone: '+15550100' }],
      });

      expect(result).toEqual({
        ok: false,
        reason: expect.stringContaining('/recipients/0 must NOT have additional properties'),
      });
    });

    it('rejects an account name that is not a plain identifier', () => {
      const result = sut.validate('campaign.submit', campaignSubmit({ account: '../acme' }));

      expect(result).toEqual({ ok: false, reason: expect.stringContaining('/account must match pattern') });
    });

    it('rejects a sendAt that is not an RFC 3339 instant', () => {
      const result = sut.validate('campaign.submit', campaignSubmit({ sendAt: 'tomorrow' }));

      expect(result).toEqual({
        ok: false,
        reason: expect.stringContaining('/sendAt must match format "date-time"'),
      });
    });

    it('rejects a variable whose value is an object', () => {
      const vars = { address: { city: 'London' } } as unknown as Recipient['vars'];

      const result = sut.validate('campaign.submit', campaignSubmit({ recipients: [recipient({ vars })] }));

      expect(result).toEqual({
        ok: false,
        reason: expect.stringContaining('/recipients/0/vars/address must be'),
      });
    });

    it('keeps the reason short however many recipients are bad', () => {
      const recipients = Array.from({ length: 50 }, (_, i) => recipient({ email: `bad-${i}` }));

      const result = sut.validate('campaign.submit', campaignSubmit({ recipients }));

      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason.split('; ')).toHaveLength(10);
    });

    // header injection is refused at the edge; the renderer checks again at send time
    it.each(['Ada\r\nBcc: victim@example.com', 'Ada\nX', 'Ada\u0000'])(
      'refuses a recipient name %j',
      (name) => {
        const result = sut.validate('campaign.submit', campaignSubmit({ recipients: [recipient({ name })] }));

        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.reason).toMatch(/\/recipients\/0\/name must match pattern/);
        expect(sut.validateRecipient(recipient({ name })).ok).toBe(false);
      },
    );
  });

  describe('validate other messages', () => {
    it('accepts a delivery.send batch', () => {
      expect(sut.validate('delivery.send', { deliveryIds: ['1', '2'] })).toEqual({
        ok: true,
        payload: { deliveryIds: ['1', '2'] },
      });
    });

    it('rejects an empty delivery.send batch', () => {
      expect(sut.validate('delivery.send', { deliveryIds: [] })).toEqual({
        ok: false,
        reason: expect.stringContaining('/deliveryIds must NOT have fewer than 1 items'),
      });
    });

    it('refuses a message name it does not know', () => {
      const result = sut.validate('campaign.delete' as never, {});

      expect(result).toEqual({ ok: false, reason: 'unknown message campaign.delete' });
    });
  });

  describe('decode', () => {
    it('parses and validates JSON content', () => {
      const campaign = campaignSubmit();

      expect(sut.decode('campaign.submit', json(campaign))).toEqual({ ok: true, payload: campaign });
    });

    it('decodes UTF-8 content', () => {
      const campaign = campaignSubmit({ subject: 'Grüße, {{name}} ✉' });

      const result = sut.decode('campaign.submit', json(campaign));

      expect(result).toEqual({
        ok: true,
        payload: expect.objectContaining({ subject: 'Grüße, {{name}} ✉' }),
      });
    });

    it.each([
      ['truncated JSON', '{"idempotencyKey": "k"'],
      ['plain text', 'hello'],
      ['an empty body', ''],
    ])('rejects %s as not JSON', (_, content) => {
      const result = sut.decode('campaign.submit', Buffer.from(content));

      expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^not JSON: /) });
    });

    it('rejects valid JSON that does not match the schema', () => {
      expect(sut.decode('campaign.submit', json([1, 2, 3]))).toEqual({
        ok: false,
        reason: expect.stringContaining('/ must be object'),
      });
    });
  });

  describe('validateRecipient', () => {
    it('accepts a recipient with name and vars', () => {
      const r = recipient();

      expect(sut.validateRecipient(r)).toEqual({ ok: true, payload: r });
    });

    it('accepts a recipient with only an email', () => {
      expect(sut.validateRecipient({ email: 'ada@example.com' }).ok).toBe(true);
    });

    it('rejects a recipient without an email', () => {
      expect(sut.validateRecipient({ name: 'Ada' })).toEqual({
        ok: false,
        reason: expect.stringContaining("must have required property 'email'"),
      });
    });

    it('rejects a bad email address', () => {
      expect(sut.validateRecipient(recipient({ email: 'ada' }))).toEqual({
        ok: false,
        reason: expect.stringContaining('/email must match format "email"'),
      });
    });

    it('rejects an unknown property', () => {
      expect(sut.validateRecipient({ ...recipient(), tags: ['vip'] })).toEqual({
        ok: false,
        reason: expect.stringContaining('must NOT have additional properties'),
      });
    });

    it('rejects a name longer than 200 characters', () => {
      expect(sut.validateRecipient(recipient({ name: 'x'.repeat(201) }))).toEqual({
        ok: false,
        reason: expect.stringContaining('/name must NOT have more than 200 characters'),
      });
    });

    it('rejects a whole campaign passed as a recipient', () => {
      expect(sut.validateRecipient(campaignSubmit()).ok).toBe(false);
    });
  });
});
