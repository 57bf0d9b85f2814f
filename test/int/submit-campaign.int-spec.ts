import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { CampaignStore, normalizeEmail, type Ledger } from '@postroom/ledger';
import { FakeClock } from '@postroom/runtime';
import { campaignSubmit, createTestDatabase, recipients, type TestDatabase } from '@postroom/testing';
import { CampaignContent } from '../../apps/scheduler/src/campaigns/campaign-content';
import { ContentThread } from '../../apps/scheduler/src/campaigns/content-thread';
import { SubmitCampaignService } from '../../apps/scheduler/src/campaigns/submit-campaign.service';
import { connectLedger, testMetrics } from './helpers';

describe(SubmitCampaignService.name, () => {
  let db: TestDatabase;
  let ledger: Ledger;
  let sut: SubmitCampaignService;

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
    const config = { DEFAULT_DAILY_LIMIT: 1000 } as ConfigOf<typeof schedulerEnv>;
    sut = new SubmitCampaignService(
      ledger,
      new CampaignStore(),
      config,
      testMetrics(),
      new FakeClock(new Date('2031-03-14T09:00:00Z')),
      new CampaignContent(config, new ContentThread()),
    );
  });

  afterAll(async () => {
    await ledger.close();
    await db.drop();
  });

  it('stores the campaign and one queued delivery per recipient, in chunks, creating the account', async () => {
    const body = campaignSubmit({ account: 'chunky', recipients: recipients(12_345) });
    const { recipients: list, ...header } = body;

    const outcome = await sut.submit(header, list, 'api');

    expect(outcome.kind).toBe('created');
    const counts = await new CampaignStore().statusCounts(ledger, outcome.campaign.id);
    expect(counts).toEqual({ queued: 12_345 });
    const account = await ledger.query(
      `select daily_limit, time_zone, status from accounts where id = 'chunky'`,
    );
    expect(account.rows[0]).toEqual({ daily_limit: 1000, time_zone: 'UTC', status: 'active' });
    const events = await ledger.query<{ n: string }>(
      `select count(*) as n from delivery_events e join deliveries d on d.id = e.delivery_id where d.campaign_id = $1`,
      [outcome.campaign.id],
    );
    expect(Number(events.rows[0].n)).toBe(12_345);
  });

  it('answers a known idempotency key with the existing campaign and stores nothing new', async () => {
    const { recipients: list, ...header } = campaignSubmit({ account: 'idem', recipients: recipients(10) });
    const first = await sut.submit(header, list, 'broker');
    const again = await sut.submit(header, recipients(50), 'api');

    expect(again).toEqual({ kind: 'existing', campaign: expect.objectContaining({ id: first.campaign.id }) });
    const n = await ledger.query<{ n: string }>(
      `select count(*) as n from deliveries where account_id = 'idem'`,
    );
    expect(Number(n.rows[0].n)).toBe(10);
    const campaigns = await ledger.query(`select id from campaigns where account_id = 'idem'`);
    expect(campaigns.rows).toHaveLength(1);
  });

  it('creates one campaign when the same key is submitted concurrently', async () => {
    const { recipients: list, ...header } = campaignSubmit({ account: 'race', recipients: recipients(500) });

    const outcomes = await Promise.all([1, 2, 3, 4].map(() => sut.submit(header, list, 'api')));

    expect(outcomes.filter((o) => o.kind === 'created')).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.campaign.id)).size).toBe(1);
    const n = await ledger.query<{ n: string }>(
      `select count(*) as n from deliveries where account_id = 'race'`,
    );
    expect(Number(n.rows[0].n)).toBe(500);
  });

  it('stores blacklisted recipients as suppressed with the reason and repeated addresses once', async () => {
    await ledger.query(
      `insert into accounts (id, daily_limit, time_zone) values ('supp', 1000, 'UTC');
       `,
    );
    await ledger.query(
      `insert into blacklist (account_id, email_normalized, reason, source) values ('supp', $1, 'userunknown', 'smtp')`,
      [normalizeEmail('Gone@Example.com')],
    );
    const list = [
      { email: 'alive@example.com' },
      { email: ' GONE@example.com ' },
      { email: 'Alive@Example.com', name: 'Duplicate' },
    ];
    const { recipients: _r, ...header } = campaignSubmit({ account: 'supp' });

    const outcome = await sut.submit(header, list, 'api');

    expect(outcome).toMatchObject({ kind: 'created', queued: 1, suppressed: 1, duplicates: 1 });
    const rows = await ledger.query(
      `select email_normalized, status, reason from deliveries where campaign_id = $1 order by id`,
      [outcome.campaign.id],
    );
    expect(rows.rows).toEqual([
      { email_normalized: 'alive@example.com', status: 'queued', reason: null },
      { email_normalized: 'gone@example.com', status: 'suppressed', reason: 'blacklisted: userunknown' },
    ]);
    expect(outcome.campaign).toMatchObject({ recipient_count: 2, duplicate_count: 1 });
  });

  it('rolls back the whole campaign when the segment fails half-way', async () => {
    const { recipients: _r, ...header } = campaignSubmit({ account: 'rollback' });
    async function* failing() {
      yield* recipients(6000);
      throw new Error('upstream stream broke');
    }

    await expect(sut.submit(header, failing(), 'api')).rejects.toThrow('upstream stream broke');

    const campaigns = await ledger.query(`select id from campaigns where account_id = 'rollback'`);
    expect(campaigns.rows).toHaveLength(0);
  });
});
