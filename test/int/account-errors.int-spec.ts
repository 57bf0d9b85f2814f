import { bounceEnv, loadConfig } from '@postroom/config';
import { BlacklistStore, BounceEventStore, type Ledger, type MatchedDelivery } from '@postroom/ledger';
import { createTestDatabase, type TestDatabase } from '@postroom/testing';
import { BounceRecorder } from '../../apps/bounce/src/bounce-recorder.service';
import { connectLedger, testMetrics } from './helpers';
import { QuotaHarness } from './quota-harness';

/**
 * Issue 16: the account's own errors (`quota_days.errors`) block it as complaints do. The errors
 * arrive the way production counts them: the bounce service's recorder, for refusals that are
 * the sender's fault (here `blocked`: "550 5.7.1 our IP is on a blocklist").
 */
describe('account errors block the account', () => {
  let db: TestDatabase;
  let ledger: Ledger;

  beforeEach(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
  });

  afterEach(async () => {
    await ledger.close();
    await db.drop();
  });

  /** Refusals of `count` sent deliveries of the account, as the bounce service records them. */
  async function refuseAsBlocked(sut: QuotaHarness, account: string, count: number): Promise<void> {
    const config = loadConfig('bounce', bounceEnv, { TRACKING_KEYS: 'k1:0123456789abcdefghij' });
    const recorder = new BounceRecorder(
      ledger,
      new BounceEventStore(),
      new BlacklistStore(),
      config,
      testMetrics(),
      sut.clock,
    );
    const sent = await ledger.query<MatchedDelivery>(
      `select id::text, campaign_id, account_id, email, email_normalized, status from deliveries
        where account_id = $1 and status = 'sent' order by id limit $2`,
      [account, count],
    );
    for (const d of sent.rows)
      await recorder.record(
        d,
        {
          recipient: d.email,
          status: '5.7.1',
          reply: '550',
          diagnostic: '550 5.7.1 Service unavailable; client host blocked using a blocklist',
          reason: 'blocked',
          hard: true,
        },
        'dsn',
      );
  }

  it('blocks during the day at 5% account errors, audited with the day’s figures, and dispatches nothing more', async () => {
    const sut = new QuotaHarness(ledger, '2031-03-04T09:00:00Z');
    await sut.admin.put('shop', { dailyLimit: 1000 }, 'test');
    await sut.campaign('shop', 500);
    await sut.dispatchAll();
    await sut.sendAll(undefined, 400);
    await refuseAsBlocked(sut, 'shop', 19);
    await sut.accountDays.blockAllOverTheLine();

    expect(await sut.admin.view('shop')).toMatchObject({ status: 'active' }); // 19 errors: fewer than 20

    await refuseAsBlocked(sut, 'shop', 21);
    await sut.accountDays.blockAllOverTheLine();
    const blocked = await sut.admin.view('shop');
    const [change] = await sut.admin.history('shop', 1);

    expect(blocked).toMatchObject({ status: 'blocked' });
    expect(blocked!.blockReason).toMatch(/^account errors 9\.09% ≥ 5% of 440 emails in a day \(40 errors/);
    expect(change).toMatchObject({
      rule: 'block-now',
      oldStatus: 'active',
      newStatus: 'blocked',
      actor: 'rules',
    });
    expect(change.figures).toMatchObject({
      today: { delivered: 400, hardBounced: 0, errors: 40, attempted: 440, errorRate: 40 / 440 },
    });
    expect(await sut.dispatcher.dispatchOnce()).toBe(0);
  });

  it('blocks at day close when the closing day had many errors, with the limit shrunk', async () => {
    const sut = new QuotaHarness(ledger, '2031-03-05T22:00:00Z', {
      BLOCK_MIN_ERRORS: '5',
      BLOCK_ERROR_RATE: '0.1',
    });
    await sut.admin.put('late', { dailyLimit: 400 }, 'test');
    await sut.campaign('late', 50);
    await sut.dispatchAll();
    await sut.sendAll();
    // the refusals come back in the evening, after the last dispatch of the day
    await refuseAsBlocked(sut, 'late', 6);
    sut.clock.set('2031-03-06T08:00:00Z');
    await sut.campaign('late', 5);
    await sut.dispatchAll();
    const view = await sut.admin.view('late');
    const history = await sut.admin.history('late');
    const close = history.find((h) => h.rule === 'block');

    expect(view).toMatchObject({ status: 'blocked', dailyLimit: 200 });
    expect(close).toMatchObject({
      day: '2031-03-05',
      oldStatus: 'active',
      newStatus: 'blocked',
      newLimit: 200,
    });
    expect(close!.reason).toMatch(/^account errors 10.71% ≥ 10% of 56 emails in a day/);
    expect(close!.figures).toMatchObject({ day: { delivered: 50, errors: 6 } });
  });

  it('leaves an account with a few errors on a busy day alone', async () => {
    const sut = new QuotaHarness(ledger, '2031-03-07T09:00:00Z');
    await sut.admin.put('busy', { dailyLimit: 2000 }, 'test');
    await sut.campaign('busy', 1000);
    await sut.dispatchAll();
    await sut.sendAll();
    await refuseAsBlocked(sut, 'busy', 30); // 30 of 1,030: under 5%
    await sut.accountDays.blockAllOverTheLine();

    expect(await sut.admin.view('busy')).toMatchObject({ status: 'active' });
  });
});
