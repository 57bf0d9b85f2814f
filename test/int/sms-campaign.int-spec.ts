import { SmsQuotaStore, type Ledger } from '@postroom/ledger';
import type { Broker, OutgoingMessage } from '@postroom/messaging';
import { campaignSubmit, createTestDatabase, smsCampaignSubmit, type TestDatabase } from '@postroom/testing';
import { CampaignRejected } from '../../apps/scheduler/src/campaigns/campaign-rejected';
import { campaignView } from '../../apps/scheduler/src/campaigns/campaign-view';
import { SmsDispatcherService } from '../../apps/scheduler/src/dispatch/sms-dispatcher.service';
import { connectLedger, testMetrics } from './helpers';
import { QuotaHarness } from './quota-harness';

const SETTINGS = { batch: 2000, sendBatch: 50, maxInFlight: 4000 };

describe('SMS campaigns in the scheduler', () => {
  let db: TestDatabase;
  let ledger: Ledger;
  let harness: QuotaHarness;
  let sut: SmsDispatcherService;
  const smsPublished: OutgoingMessage[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
    harness = new QuotaHarness(ledger, '2031-03-14T09:00:00Z');
    const broker = {
      publishMany: async (m: readonly OutgoingMessage[]) => void smsPublished.push(...m),
    } as unknown as Broker;
    sut = new SmsDispatcherService(
      ledger,
      broker,
      harness.clock,
      testMetrics(),
      harness.accountDays,
      new SmsQuotaStore(),
    );
  });

  afterAll(async () => {
    await ledger.close();
    await db.drop();
  });

  const submit = (body: ReturnType<typeof smsCampaignSubmit>) => {
    const { recipients, ...header } = body;
    return harness.submit.submit(header, recipients, 'api');
  };

  const rejection = async (body: ReturnType<typeof smsCampaignSubmit>) => {
    try {
      await submit(body);
    } catch (err) {
      if (err instanceof CampaignRejected) return { status: err.status, problems: err.problems };
      throw err;
    }
    throw new Error('the campaign was accepted');
  };

  it('stores one delivery per number, as E.164, a number written twice once', async () => {
    const outcome = await submit(
      smsCampaignSubmit({
        account: 'shop',
        recipients: [
          { phone: '+49 151 2345 6789', name: 'Ann' },
          { phone: '+49-151-23456789' }, // the same number
          { phone: '+33 6 12 34 56 78', vars: { code: 'X1' } },
        ],
      }),
    );

    expect(outcome).toMatchObject({ kind: 'created', queued: 2, duplicates: 1 });
    const rows = await ledger.query(
      `select channel, phone, email, email_normalized, status from deliveries where campaign_id = $1 order by id`,
      [outcome.campaign.id],
    );
    expect(rows.rows).toEqual([
      {
        channel: 'sms',
        phone: '+4915123456789',
        email: null,
        email_normalized: '+4915123456789',
        status: 'queued',
      },
      {
        channel: 'sms',
        phone: '+33612345678',
        email: null,
        email_normalized: '+33612345678',
        status: 'queued',
      },
    ]);
  });

  it('shows the encoding and the segment count in the campaign view', async () => {
    const gsm = await submit(smsCampaignSubmit({ account: 'view', text: 'x'.repeat(161) }));
    const ucs = await submit(smsCampaignSubmit({ account: 'view', text: 'Привет {{name}}' }));

    expect(campaignView(gsm.campaign)).toMatchObject({
      channel: 'sms',
      sms: { encoding: 'GSM-7', segments: 2, units: 161 },
    });
    expect(campaignView(ucs.campaign)).toMatchObject({
      channel: 'sms',
      sms: { encoding: 'UCS-2', segments: 1 },
    });
    const email = await harness.submit.submit(
      (({ recipients: _r, ...h }) => h)(campaignSubmit({ account: 'view' })),
      campaignSubmit().recipients,
      'api',
    );
    expect(campaignView(email.campaign)).toMatchObject({ channel: 'email' });
    expect(campaignView(email.campaign)).not.toHaveProperty('sms');
  });

  it('refuses a bad number with 400 naming its place, and stores nothing', async () => {
    const body = smsCampaignSubmit({
      account: 'badphone',
      recipients: [{ phone: '+49 151 23456789' }, { phone: '0151 23456789' }],
    });

    expect(await rejection(body)).toEqual({
      status: 400,
      problems: ['/recipients/1/phone "0151 23456789" has no +country code (write it as +49 151 23456789)'],
    });
    expect(await rejection({ ...body, recipients: [{ phone: '+49 30 1234567' }] })).toEqual({
      status: 400,
      problems: [
        '/recipients/0/phone "+49 30 1234567" is not a mobile number (a landline cannot take an SMS)',
      ],
    });
    const stored = await ledger.query(`select 1 from campaigns where account_id = 'badphone'`);
    expect(stored.rowCount).toBe(0);
  });

  it('refuses a text over 6 segments with 422, also when only the personalised text is', async () => {
    expect(await rejection(smsCampaignSubmit({ account: 'long', text: 'x'.repeat(919) }))).toEqual({
      status: 422,
      problems: ['/text: the SMS needs 7 GSM-7 segments (919 units); at most 6 are sent'],
    });
    const body = smsCampaignSubmit({
      account: 'long',
      text: `${'x'.repeat(900)}{{vars.tail}}`,
      recipients: [
        { phone: '+49 151 23456789', vars: { tail: 'short' } },
        { phone: '+49 151 23456780', vars: { tail: 'y'.repeat(30) } },
      ],
    });
    expect(await rejection(body)).toEqual({
      status: 422,
      problems: [
        '/recipients/1: the SMS needs 7 GSM-7 segments (930 units); at most 6 are sent (the limit is 6 segments)',
      ],
    });
    const stored = await ledger.query(`select 1 from campaigns where account_id = 'long'`);
    expect(stored.rowCount).toBe(0);
  });

  it("stores a number on the account's blacklist as suppressed; the same person's email unsubscribe does not count", async () => {
    await ledger.query(
      `insert into blacklist (account_id, email_normalized, reason, source) values
         ('optout', '+4915123456789', 'opted-out', 'sms-stop'), ('optout', 'ann@example.com', 'unsubscribed', 'unsubscribe')`,
    );
    const outcome = await submit(
      smsCampaignSubmit({
        account: 'optout',
        recipients: [
          { phone: '+49 151 23456789' },
          { phone: '+49 151 23456780', vars: { email: 'ann@example.com' } },
        ],
      }),
    );

    expect(outcome).toMatchObject({ queued: 1, suppressed: 1 });
  });

  it('keeps the SMS daily limit apart from the email limit, and defers SMS past it to the next local day', async () => {
    await ledger.query(
      `insert into accounts (id, daily_limit, time_zone, sms_daily_limit) values ('split', 1000, 'Europe/Berlin', 5)`,
    );
    await submit(
      smsCampaignSubmit({
        account: 'split',
        recipients: Array.from({ length: 8 }, (_, i) => ({ phone: `+49 151 2345678${i}` })),
      }),
    );
    await harness.campaign('split', 3);

    expect(await harness.dispatcher.dispatchAccount('split')).toBe(3); // email: only the emails
    expect(await sut.dispatchAccount('split', SETTINGS)).toBe(5);
    expect(await sut.dispatchAccount('split', SETTINGS)).toBe(0);
    expect(smsPublished.map((m) => m.routingKey)).toEqual(['sms.send']);
    expect(smsPublished[0].payload).toEqual({ deliveryIds: expect.any(Array) });

    const deferred = await ledger.query<{ due: string; n: number }>(
      `select to_char(due_at at time zone 'Europe/Berlin', 'YYYY-MM-DD') as due, count(*)::int as n from deliveries
        where account_id = 'split' and status = 'deferred' group by 1`,
    );
    expect(deferred.rows).toEqual([{ due: '2031-03-15', n: 3 }]);
    const day = await ledger.query(`select used, sms_used from quota_days where account_id = 'split'`);
    expect(day.rows).toEqual([{ used: 3, sms_used: 5 }]);

    harness.clock.set(new Date('2031-03-14T23:30:00Z')); // 00:30 on the 15th in Berlin
    expect(await sut.dispatchAccount('split', SETTINGS)).toBe(3);
    const counts = await harness.counts('split');
    expect(counts).toEqual({ dispatched: 11 });
  });
});
