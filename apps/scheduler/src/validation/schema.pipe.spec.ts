import { BadRequestException } from '@nestjs/common';
import { apiRequestNames, type ApiRequestName } from '@postroom/contracts';
import { campaignSubmit, recipients, smsCampaignSubmit } from '@postroom/testing';
import { Readable } from 'node:stream';
import { NdjsonBody } from './ndjson-body';
import { InvalidRequest } from './request-validator';
import { SchemaPipe, type BodyOptions } from './schema.pipe';

/** What the pipe answers: the value it passes on, or the problems of its 400. */
function run(sut: SchemaPipe, value: unknown): { ok: unknown } | { problems: readonly string[] } {
  try {
    return { ok: sut.transform(value) };
  } catch (err) {
    if (err instanceof InvalidRequest) return { problems: err.problems };
    throw err;
  }
}

const { recipients: _r, ...header } = campaignSubmit({ idempotencyKey: 'k' });
const sms = smsCampaignSubmit({ idempotencyKey: 'k' });
const { recipients: _s, ...smsHeader } = sms;
const SMS_FIELDS = 'idempotencyKey, account, channel, from, smsFrom, text, sendAt, priority';

const body = (request: ApiRequestName, options?: BodyOptions) => new SchemaPipe(request, 'body', options);
const query = (request: ApiRequestName) => new SchemaPipe(request, 'query');

/**
 * For every request schema of the API: a good value and what the pipe passes on, and bad values
 * with every problem the 400 names.
 */
const cases: {
  request: ApiRequestName;
  source: 'body' | 'query';
  good: [unknown, unknown][];
  bad: [unknown, string[]][];
}[] = [
  {
    request: 'CampaignSubmit',
    source: 'body',
    good: [[campaignSubmit({ idempotencyKey: 'k' }), campaignSubmit({ idempotencyKey: 'k' })]],
    bad: [
      [
        {
          ...campaignSubmit(),
          subject: undefined,
          from: 'nope',
          priority: 101,
          sendAt: 'tomorrow',
          recipients: [{ email: 'x', vars: { plan: {} } }, { name: 'A\r\nBcc: x@evil.example' }],
          extra: 1,
        },
        [
          '/subject is required',
          '/extra is not a known field (known: idempotencyKey, account, from, channel, subject, html, mjml, text, sendAt, priority, recipients)',
          '/from must be an email address',
          '/sendAt must be a date and time with its offset, as in RFC 3339 (2027-03-01T09:00:00Z)',
          '/priority must be from -100 to 100',
          '/recipients/0/email must be an email address',
          '/recipients/0/vars/plan must be a string, a number, a boolean or null',
          '/recipients/1/email is required',
          '/recipients/1/name must match the pattern ^[^\\r\\n\\u0000]*$',
        ],
      ],
      [
        { ...campaignSubmit(), priority: 1.5, account: '-x' },
        ['/account must match the pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$', '/priority must be an integer'],
      ],
      [[], ['body must be a JSON object']],
      [undefined, ['body must be a JSON object']],
    ],
  },
  {
    request: 'CampaignSubmission',
    source: 'body',
    good: [
      [campaignSubmit({ idempotencyKey: 'k' }), campaignSubmit({ idempotencyKey: 'k' })],
      [sms, sms],
    ],
    bad: [
      // the channel picks the shape, and the errors are that shape's, field by field
      [{ ...campaignSubmit(), subject: undefined }, ['/subject is required']],
      [
        { ...sms, html: '<p>x</p>', recipients: [{ email: 'a@b.example' }], smsFrom: 'far too long a name' },
        [
          `/html is not a known field (known: ${SMS_FIELDS}, recipients)`,
          '/smsFrom must match the pattern ^(\\+?[0-9]{3,15}|[A-Za-z0-9][A-Za-z0-9 ._-]{0,10})$',
          '/recipients/0/phone is required',
          '/recipients/0/email is not a known field (known: phone, name, vars)',
        ],
      ],
      [{ ...campaignSubmit(), channel: 'fax' }, ['/channel must be email']],
    ],
  },
  {
    request: 'SmsCampaignSubmit',
    source: 'body',
    good: [[sms, sms]],
    bad: [[{ ...sms, text: '' }, ['/text must not be empty']]],
  },
  {
    request: 'CampaignSubmissionHeader',
    source: 'body',
    good: [
      [header, header],
      [smsHeader, smsHeader],
    ],
    bad: [[{ ...smsHeader, text: undefined }, ['/text is required']]],
  },
  {
    request: 'SmsCampaignHeader',
    source: 'body',
    good: [[smsHeader, smsHeader]],
    bad: [[sms, [`/recipients is not a known field (known: ${SMS_FIELDS})`]]],
  },
  {
    request: 'SmsRecipient',
    source: 'body',
    good: [[{ phone: '+49 151 2345678' }, { phone: '+49 151 2345678' }]],
    bad: [
      [
        { phone: '', name: 'a\nb' },
        ['/phone must not be empty', '/name must match the pattern ^[^\\r\\n\\u0000]*$'],
      ],
    ],
  },
  {
    request: 'CampaignHeader',
    source: 'body',
    good: [[header, header]],
    bad: [
      [
        { ...campaignSubmit(), html: '' },
        [
          '/recipients is not a known field (known: idempotencyKey, account, from, channel, subject, html, mjml, text, sendAt, priority)',
          '/html must not be empty',
        ],
      ],
    ],
  },
  {
    request: 'Recipient',
    source: 'body',
    good: [
      [{ email: 'ada@example.com', name: 'Ada', vars: { n: 1, ok: true, none: null } }, expect.anything()],
    ],
    bad: [
      [
        { email: 'a'.repeat(321) + '@x.io', tags: [] },
        [
          '/tags is not a known field (known: email, name, vars)',
          '/email must be at most 320 characters long',
        ],
      ],
    ],
  },
  {
    request: 'AccountSettings',
    source: 'body',
    good: [
      [
        { dailyLimit: 500, timeZone: 'Europe/Berlin' },
        { dailyLimit: 500, timeZone: 'Europe/Berlin' },
      ],
      [{}, {}],
    ],
    bad: [
      [
        { dailyLimit: '1000', timeZone: 5, color: 'red', operator: 'ada' },
        [
          '/color is not a known field (known: dailyLimit, smsDailyLimit, timeZone)',
          '/operator is not a known field (known: dailyLimit, smsDailyLimit, timeZone)',
          '/dailyLimit must be an integer',
          '/timeZone must be a string',
        ],
      ],
      [{ dailyLimit: 1.5 }, ['/dailyLimit must be an integer']],
      ['dailyLimit=5', ['body must be a JSON object']],
    ],
  },
  {
    request: 'AccountUnblock',
    source: 'body',
    good: [
      [{ reason: 'list cleaned' }, { reason: 'list cleaned' }],
      // fields it does not name are ignored, as they always were
      [
        { reason: 'x', ticket: 42 },
        { reason: 'x', ticket: 42 },
      ],
    ],
    bad: [
      [
        { reason: 5, operator: 'ada' },
        [
          '/reason must be a string',
          "/operator is not accepted: the audit trail records the API token's name, never a field of the request",
        ],
      ],
    ],
  },
  {
    request: 'BlacklistAdd',
    source: 'body',
    good: [
      [
        { account: 'shop', address: 'a@shop.example' },
        { account: 'shop', address: 'a@shop.example', reason: 'manual' },
      ],
      [
        { account: 'shop', address: 'a@shop.example', reason: 'typo', note: 'by phone' },
        { account: 'shop', address: 'a@shop.example', reason: 'typo', note: 'by phone' },
      ],
    ],
    bad: [
      [
        { address: 'nope', reason: 'Bad Word', note: 5, operator: 'ada' },
        [
          '/account is required',
          '/address must be an email address',
          '/reason must match the pattern ^[a-z][a-z0-9_-]{0,39}$ (a lower-case word naming why an address is on the blacklist, such as userunknown, complaint or manual)',
          '/note must be a string',
          "/operator is not accepted: the audit trail records the API token's name, never a field of the request",
        ],
      ],
      [
        { account: 'a'.repeat(101), address: 'a@shop.example' },
        ['/account must be at most 100 characters long'],
      ],
    ],
  },
  {
    request: 'TokenCreate',
    source: 'body',
    good: [
      [
        { name: 'crm', account: 'shop' },
        { name: 'crm', account: 'shop' },
      ],
      [
        { name: 'ops', scope: 'operator' },
        { name: 'ops', scope: 'operator' },
      ],
    ],
    bad: [
      [
        { name: 5, scope: 'root', account: '', admin: true },
        [
          '/admin is not a known field (known: name, account, scope)',
          '/name must be a string',
          '/account must not be empty',
          '/account must match the pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$ (a sending account: letters, digits, ".", "_" and "-", starting with a letter or digit)',
          '/scope must be operator or account',
        ],
      ],
      [{}, ['/name is required']],
    ],
  },
  {
    request: 'CampaignListQuery',
    source: 'query',
    good: [
      [
        { account: 'shop', idempotencyKey: 'k' },
        { account: 'shop', idempotencyKey: 'k' },
      ],
      // parameters it does not name are ignored, as they always were
      [
        { account: 'shop', cachebuster: '1' },
        { account: 'shop', cachebuster: '1' },
      ],
      [{}, {}],
    ],
    bad: [
      // a repeated parameter arrives as an array: one account, one key
      [
        { account: ['a', 'b'], idempotencyKey: ['k', 'l'] },
        ['query parameter `account` must be a string', 'query parameter `idempotencyKey` must be a string'],
      ],
      [
        { account: '' },
        [
          'query parameter `account` must not be empty',
          'query parameter `account` must match the pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$ (a sending account: letters, digits, ".", "_" and "-", starting with a letter or digit)',
        ],
      ],
    ],
  },
  {
    request: 'CampaignExportQuery',
    source: 'query',
    good: [
      [{}, { format: 'csv' }],
      [{ format: 'ndjson' }, { format: 'ndjson' }],
    ],
    bad: [[{ format: 'xml' }, ['query parameter `format` must be csv or ndjson']]],
  },
  {
    request: 'AudienceQuery',
    source: 'query',
    good: [
      [{ format: 'google' }, { format: 'google' }],
      [
        { format: 'meta', include: 'all' },
        { format: 'meta', include: 'all' },
      ],
    ],
    bad: [
      [{}, ['query parameter `format` is required']],
      [
        { format: 'tiktok', include: 'everyone' },
        ['query parameter `format` must be google or meta', 'query parameter `include` must be all'],
      ],
    ],
  },
  {
    request: 'BlacklistListQuery',
    source: 'query',
    good: [
      [{}, { limit: 100 }],
      [
        { account: 'shop', reason: 'userunknown', address: 'ada', limit: '50', after: 'WyJhIiwiYiJd' },
        { account: 'shop', reason: 'userunknown', address: 'ada', limit: 50, after: 'WyJhIiwiYiJd' },
      ],
    ],
    bad: [
      [
        { account: 'no spaces', reason: 'UPPER', limit: '0' },
        [
          'query parameter `account` must match the pattern ^[A-Za-z0-9][A-Za-z0-9._-]*$ (a sending account: letters, digits, ".", "_" and "-", starting with a letter or digit)',
          'query parameter `reason` must match the pattern ^[a-z][a-z0-9_-]{0,39}$ (a lower-case word naming why an address is on the blacklist, such as userunknown, complaint or manual)',
          'query parameter `limit` must be from 1 to 1000',
        ],
      ],
      [{ limit: '1001' }, ['query parameter `limit` must be from 1 to 1000']],
      [{ limit: 'ten' }, ['query parameter `limit` must be an integer']],
      [{ limit: '2.5' }, ['query parameter `limit` must be an integer']],
    ],
  },
  {
    request: 'BlacklistRemoveQuery',
    source: 'query',
    good: [
      [{ account: 'shop' }, { account: 'shop' }],
      [
        { account: 'shop', reason: 'typo' },
        { account: 'shop', reason: 'typo' },
      ],
    ],
    bad: [
      [
        { operator: 'ada' },
        [
          'query parameter `account` is required',
          "query parameter `operator` is not accepted: the audit trail records the API token's name, never a field of the request",
        ],
      ],
    ],
  },
];

describe(SchemaPipe.name, () => {
  it('has cases for every request schema of the API', () => {
    expect(cases.map((c) => c.request).sort()).toEqual([...apiRequestNames].sort());
  });

  describe.each(cases)('$request ($source)', ({ request, source, good, bad }) => {
    const sut = new SchemaPipe(request, source);

    it.each(good)('takes %j', (value, passed) => {
      expect(run(sut, value)).toEqual({ ok: passed });
    });

    it.each(bad)('refuses %j naming every problem', (value, problems) => {
      expect(run(sut, value)).toEqual({ problems });
    });
  });

  it('answers 400 in the shape the API always had, every problem in its message', () => {
    let err: unknown;
    try {
      body('AccountSettings').transform({ dailyLimit: 'x', color: 'red' });
    } catch (e) {
      err = e;
    }

    expect(err).toBeInstanceOf(BadRequestException);
    expect((err as BadRequestException).getStatus()).toBe(400);
    expect((err as BadRequestException).getResponse()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message:
        '/color is not a known field (known: dailyLimit, smsDailyLimit, timeZone); /dailyLimit must be an integer',
    });
  });

  it('lists twenty problems and counts the rest', () => {
    const many = campaignSubmit({ recipients: recipients(25).map(() => ({ email: 'x' })) });

    const message = (() => {
      try {
        body('CampaignSubmit').transform(many);
      } catch (e) {
        return (e as Error).message;
      }
    })();

    expect(message?.split('; ')).toHaveLength(21);
    expect(message).toMatch(/\/recipients\/19\/email must be an email address; and 5 more$/);
  });

  it('takes a left-out body as {} only where the body is optional', () => {
    expect(run(body('AccountUnblock', { optional: true }), undefined)).toEqual({ ok: {} });
    expect(run(body('AccountUnblock', { optional: true }), null)).toEqual({ ok: {} });
    expect(run(body('AccountUnblock'), undefined)).toEqual({ problems: ['body must be a JSON object'] });
  });

  it("leaves Fastify's query object as it came", () => {
    const raw = { limit: '50' };

    expect(run(query('BlacklistListQuery'), raw)).toEqual({ ok: { limit: 50 } });
    expect(raw).toEqual({ limit: '50' });
  });

  it('coerces query strings only: a body says what type it means', () => {
    expect(run(body('AccountSettings'), { dailyLimit: '500' })).toEqual({
      problems: ['/dailyLimit must be an integer'],
    });
  });

  it('hands a streamed NDJSON body on as an NdjsonBody where the route takes one', () => {
    const ndjson = { header: 'CampaignHeader', line: 'Recipient' } as const;

    expect(body('CampaignSubmit', { ndjson }).transform(Readable.from([]))).toBeInstanceOf(NdjsonBody);
    expect(run(body('BlacklistAdd'), Readable.from([]))).toEqual({
      problems: ['body must be a JSON object (Content-Type application/json)'],
    });
  });
});
