import { AccountStore, CampaignStore, DeliveryStore, QuotaDayStore, type Ledger } from '@postroom/ledger';
import { campaignSubmit, createTestDatabase, recipients, type TestDatabase } from '@postroom/testing';
import { decideOutcome } from '../../apps/sender/src/outcome/decide-outcome';
import { connectLedger } from './helpers';

/**
 * Issue 16: a send turned away by its paused provider group (the throttle's `not-sent` with
 * `retryAt`) goes back to `retrying`, due when the pause ends, and spends no attempt: only the
 * answers of a server count towards SEND_MAX_ATTEMPTS.
 */
describe('a send its paused provider group turned away', () => {
  let db: TestDatabase;
  let ledger: Ledger;
  const deliveries = new DeliveryStore();
  const now = new Date('2032-07-01T12:00:00Z');
  const retry = { maxAttempts: 2, baseDelayMs: 60_000, maxDelayMs: 600_000 };

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
    const { recipients: _r, ...header } = campaignSubmit({ account: 'paused' });
    const campaigns = new CampaignStore();
    await ledger.tx(async (sql) => {
      const { campaign } = await campaigns.create(sql, header, 1000);
      await campaigns.insertRecipients(sql, campaign, recipients(1), now);
    });
    const quota = new QuotaDayStore();
    const account = await new AccountStore().account(ledger, 'paused');
    await quota.openDay(ledger, 'paused', await quota.localDay(ledger, account!.time_zone, now), 1000);
  });

  afterAll(async () => {
    await ledger.close();
    await db.drop();
  });

  async function attempt(at: Date, result: Parameters<typeof decideOutcome>[3]) {
    await ledger.query(`update deliveries set status = 'queued', due_at = $1`, [at]);
    const [claimed] = await ledger.tx((sql) => new QuotaDayStore().claim(sql, 'paused', 10, at));
    const [sending] = await ledger.tx((sql) => deliveries.startSending(sql, [claimed.id], at));
    const outcome = decideOutcome(sending.id, sending.attempts, '<m@x>', result, retry, at);
    await ledger.tx((sql) => deliveries.recordOutcomes(sql, [outcome], at));
    const row = await ledger.query<{ status: string; attempts: number; due_at: Date }>(
      `select status, attempts, due_at from deliveries`,
    );
    return { ...row.rows[0], due_at: new Date(row.rows[0].due_at) };
  }

  it('stays retrying however often it is turned away, due at the pause’s end; a server’s 421 spends attempts', async () => {
    const until = new Date(now.getTime() + 20 * 60_000);
    const turnedAway = {
      kind: 'not-sent' as const,
      reason: 'throttled: provider group google',
      retryAt: until,
    };

    for (let i = 0; i < 4; i++)
      expect(await attempt(now, turnedAway)).toEqual({ status: 'retrying', attempts: 0, due_at: until });

    const deferred = {
      kind: 'refused' as const,
      code: 421,
      reply: '421 4.7.0 try again later',
      bodySent: false,
    };
    expect(await attempt(until, deferred)).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(await attempt(until, deferred)).toMatchObject({ status: 'failed', attempts: 2 });
  });
});
