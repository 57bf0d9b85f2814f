import { bounceEnv, loadConfig } from '@postroom/config';
import {
  BlacklistStore,
  BounceEventStore,
  DeliveryStore,
  type Ledger,
  type MatchedDelivery,
  type SendingDelivery,
} from '@postroom/ledger';
import { createTestDatabase, type TestDatabase } from '@postroom/testing';
import type { ClassifiedRecipient } from '../../apps/bounce/src/classify';
import { BounceRecorder } from '../../apps/bounce/src/bounce-recorder.service';
import { connectLedger, testMetrics } from './helpers';
import { QuotaHarness } from './quota-harness';

const DAY = 86_400_000;
const FULL: ClassifiedRecipient = {
  recipient: '',
  status: '4.2.2',
  reply: '452',
  diagnostic: '452 4.2.2 Mailbox full',
  reason: 'mailboxfull',
  hard: false,
};
const GONE: ClassifiedRecipient = {
  recipient: '',
  status: '5.1.1',
  reply: '550',
  diagnostic: '550 5.1.1 No such user',
  reason: 'userunknown',
  hard: true,
};

/**
 * Issue 16: a blacklist entry for soft reasons (3 temporary failures in 7 days) expires after
 * SOFT_SUPPRESSION_DAYS (30); hard bounces never do. The send-time check, the submit-time check
 * and the listing all read the injected clock.
 */
describe('soft suppression expires, hard suppression does not', () => {
  let db: TestDatabase;
  let ledger: Ledger;
  let sut: QuotaHarness;
  let recorder: BounceRecorder;
  const blacklist = new BlacklistStore();
  const deliveries = new DeliveryStore();
  const start = Date.parse('2033-05-02T08:00:00Z');

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
    sut = new QuotaHarness(ledger, new Date(start).toISOString());
    const config = loadConfig('bounce', bounceEnv, { TRACKING_KEYS: 'k1:0123456789abcdefghij' });
    recorder = new BounceRecorder(
      ledger,
      new BounceEventStore(),
      new BlacklistStore(),
      config,
      testMetrics(),
      sut.clock,
    );
  });

  afterAll(async () => {
    await ledger.close();
    await db.drop();
  });

  /** A campaign to user0 and user1 @soft.example, dispatched and sent; its two deliveries. */
  async function sentCampaign(): Promise<MatchedDelivery[]> {
    const id = await sut.campaign('soft', 2, { domain: 'soft.example' });
    await sut.dispatchAll();
    await sut.sendAll();
    const res = await ledger.query<MatchedDelivery>(
      `select id::text, campaign_id, account_id, email, email_normalized, status from deliveries
        where campaign_id = $1 order by email`,
      [id],
    );
    return res.rows;
  }

  /** The statuses a new campaign to both addresses gets at submit, by address. */
  async function submitted(): Promise<Record<string, string>> {
    const id = await sut.campaign('soft', 2, { domain: 'soft.example' });
    const res = await ledger.query<{ email: string; status: string }>(
      `select email, status from deliveries where campaign_id = $1`,
      [id],
    );
    return Object.fromEntries(res.rows.map((r) => [r.email, r.status]));
  }

  async function blacklistedAtSend(): Promise<string[]> {
    const res = await ledger.query<SendingDelivery>(`select id::text, email from deliveries`);
    const hit = await deliveries.blacklisted(ledger, res.rows, sut.clock.now());
    return [...new Set(res.rows.filter((r) => hit.has(r.id)).map((r) => r.email))].sort();
  }

  const at = (days: number) => sut.clock.set(new Date(start + days * DAY).toISOString());

  it('lists user0 after its third soft failure in 7 days until 30 days later; user1’s hard bounce for good', async () => {
    for (let i = 0; i < 3; i++) {
      at(i * 2);
      const [user0, user1] = await sentCampaign();
      await recorder.record(user0, { ...FULL, recipient: user0.email }, 'dsn');
      if (i === 0) await recorder.record(user1, { ...GONE, recipient: user1.email }, 'dsn');
    }
    const soft = await blacklist.get(ledger, 'soft', 'user0@soft.example');
    const hard = await blacklist.get(ledger, 'soft', 'user1@soft.example');

    expect(soft).toMatchObject({ reason: 'mailboxfull', source: 'dsn' });
    expect(new Date(soft!.expires_at!).getTime()).toBe(start + 4 * DAY + 30 * DAY);
    expect(hard).toMatchObject({ reason: 'userunknown', expires_at: null });
  });

  it('still suppresses both 29 days after the soft entry, at send and at submit, and lists both', async () => {
    at(4 + 29);

    expect(await blacklistedAtSend()).toEqual(['user0@soft.example', 'user1@soft.example']);
    expect(await submitted()).toEqual({
      'user0@soft.example': 'suppressed',
      'user1@soft.example': 'suppressed',
    });
    const listed = await blacklist.list(ledger, { account: 'soft', limit: 10, now: sut.clock.now() });
    expect(listed.map((e) => e.email_normalized)).toEqual(['user0@soft.example', 'user1@soft.example']);
  });

  it('sends to user0 again once the 30 days are over, and no longer lists it; user1 stays suppressed', async () => {
    at(4 + 30);

    expect(await blacklistedAtSend()).toEqual(['user1@soft.example']);
    expect(await submitted()).toEqual({ 'user0@soft.example': 'queued', 'user1@soft.example': 'suppressed' });
    const listed = await blacklist.list(ledger, { account: 'soft', limit: 10, now: sut.clock.now() });
    expect(listed.map((e) => e.email_normalized)).toEqual(['user1@soft.example']);
    expect(await blacklist.get(ledger, 'soft', 'user0@soft.example', sut.clock.now())).toBeUndefined();
  });

  it('lists user0 afresh after three new soft failures, and a hard bounce then makes it permanent', async () => {
    for (let i = 0; i < 3; i++) {
      at(40 + i);
      const [user0] = await sentCampaign();
      await recorder.record(user0, { ...FULL, recipient: user0.email }, 'dsn');
    }
    const renewed = await blacklist.get(ledger, 'soft', 'user0@soft.example', sut.clock.now());
    expect(new Date(renewed!.expires_at!).getTime()).toBe(start + 42 * DAY + 30 * DAY);

    at(45);
    const [user0] = await sentCampaign();
    await recorder.record(user0, { ...GONE, recipient: user0.email }, 'dsn');
    at(400);

    expect(await blacklist.get(ledger, 'soft', 'user0@soft.example', sut.clock.now())).toMatchObject({
      reason: 'userunknown',
      expires_at: null,
    });
    expect(await blacklistedAtSend()).toEqual(['user0@soft.example', 'user1@soft.example']);
  });
});
