import { QuotaStore, type Ledger } from '@postroom/ledger';
import { createTestDatabase, type TestDatabase } from '@postroom/testing';
import { connectLedger } from './helpers';
import { QuotaHarness } from './quota-harness';

describe('daily limit and next-day deferral', () => {
  let db: TestDatabase;
  let ledger: Ledger;

  // each test gets its own ledger: the dispatcher serves every account it finds
  beforeEach(async () => {
    db = await createTestDatabase();
    ledger = await connectLedger(db.url);
  });

  afterEach(async () => {
    await ledger.close();
    await db.drop();
  });

  it('sends a 2,500-recipient campaign 1,000 on Monday, 1,000 Tuesday, 500 Wednesday, in submission order', async () => {
    // a fixed limit of 1000: growth is the subject of another test
    const sut = new QuotaHarness(ledger, '2026-11-30T08:00:00Z', { MAX_DAILY_LIMIT: '1000' });
    await sut.admin.put('monday', { dailyLimit: 1000, timeZone: 'UTC' }, 'test');
    await sut.campaign('monday', 2500);

    const sentPerDay: number[] = [];
    const firstIdPerDay: string[] = [];
    const views = [];
    for (const at of [
      '2026-11-30T09:00:00Z',
      '2026-12-01T00:05:00Z',
      '2026-12-02T00:05:00Z',
      '2026-12-03T00:05:00Z',
    ]) {
      sut.clock.set(at);
      await sut.dispatchAll();
      firstIdPerDay.push(
        (sut.published[0]?.payload as { deliveryIds: string[] } | undefined)?.deliveryIds[0] ?? '',
      );
      sentPerDay.push(await sut.sendAll());
      views.push(await sut.admin.view('monday'));
    }

    expect(sentPerDay).toEqual([1000, 1000, 500, 0]);
    expect(firstIdPerDay.slice(0, 3).map(BigInt)).toEqual(
      [...firstIdPerDay.slice(0, 3).map(BigInt)].sort((a, b) => (a < b ? -1 : 1)),
    );
    expect(views[0]).toMatchObject({
      today: '2026-11-30',
      dailyLimit: 1000,
      used: 1000,
      remaining: 0,
      deferred: 1500,
      plannedDays: [
        { day: '2026-12-01', count: 1000 },
        { day: '2026-12-02', count: 500 },
      ],
    });
    expect(views[1]).toMatchObject({
      today: '2026-12-01',
      used: 1000,
      deferred: 500,
      plannedDays: [{ day: '2026-12-02', count: 500 }],
    });
    expect(views[2]).toMatchObject({
      today: '2026-12-02',
      used: 500,
      remaining: 500,
      deferred: 0,
      plannedDays: [],
    });
    expect(await sut.counts('monday')).toEqual({ sent: 2500 });
    const planned = await ledger.query(
      `select to_char(due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') as go, count(*)::int as n from delivery_events e
         join deliveries d on d.id = e.delivery_id
        where d.account_id = 'monday' and e.to_status = 'deferred' group by 1 order by 1`,
    );
    // the events say when each deferred delivery was planned to go
    const details = await ledger.query(
      `select detail, count(*)::int as n from delivery_events e join deliveries d on d.id = e.delivery_id
        where d.account_id = 'monday' and e.to_status = 'deferred' group by detail order by detail`,
    );
    expect(planned.rows.length).toBeGreaterThan(0);
    expect(details.rows).toEqual([
      { detail: 'daily limit reached; planned for 2026-12-01', n: 1000 },
      { detail: 'daily limit reached; planned for 2026-12-02', n: 500 },
    ]);
  });

  it('shares one limit between campaigns in submission order, a higher priority moving one ahead', async () => {
    const sut = new QuotaHarness(ledger, '2026-12-07T10:00:00Z', {
      MAX_DAILY_LIMIT: '100',
      MIN_DAILY_LIMIT: '10',
    });
    await sut.admin.put('shared', { dailyLimit: 100 }, 'test');
    const first = await sut.campaign('shared', 80, { domain: 'first.example' });
    const second = await sut.campaign('shared', 80, { domain: 'second.example' });
    const urgent = await sut.campaign('shared', 30, { domain: 'urgent.example', priority: 5 });

    await sut.dispatchAll();
    await sut.sendAll();

    const byCampaign = await ledger.query<{ campaign_id: string; n: number }>(
      `select campaign_id, count(*)::int as n from deliveries where account_id = 'shared' and status = 'sent' group by campaign_id`,
    );
    const sent = Object.fromEntries(byCampaign.rows.map((r) => [r.campaign_id, r.n]));
    expect(sent[urgent]).toBe(30);
    expect(sent[first]).toBe(70);
    expect(sent[second]).toBeUndefined();
  });

  it('walks a day rollover in America/New_York across the end of DST (a 25-hour day)', async () => {
    // 2027-11-07: clocks go back at 02:00 EDT; the local day lasts from 04:00Z to 05:00Z next day
    const sut = new QuotaHarness(ledger, '2027-11-07T04:30:00Z', {
      MAX_DAILY_LIMIT: '100',
      MIN_DAILY_LIMIT: '10',
    });
    await sut.admin.put('nyc', { dailyLimit: 100, timeZone: 'America/New_York' }, 'test');
    await sut.campaign('nyc', 250);

    await sut.dispatchAll();
    const sunday = await sut.sendAll();
    sut.clock.set('2027-11-08T04:30:00Z'); // 23:30 EST, still Sunday: 24 h later, the same local day
    await sut.dispatchAll();
    const sundayLate = await sut.sendAll();
    const viewLate = await sut.admin.view('nyc');
    sut.clock.set('2027-11-08T05:00:30Z'); // 00:00:30 EST Monday
    await sut.dispatchAll();
    const monday = await sut.sendAll();

    expect([sunday, sundayLate, monday]).toEqual([100, 0, 100]);
    expect(viewLate).toMatchObject({ today: '2027-11-07', used: 100, deferred: 150 });
    const deferredUntil = await ledger.query<{ go: string }>(
      `select distinct to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as go from deliveries
        where account_id = 'nyc' and status = 'deferred' order by 1`,
    );
    // the 50 left are planned for Tuesday 00:00 EST
    expect(deferredUntil.rows.map((r) => r.go)).toEqual(['2027-11-09T05:00']);
  });

  it('walks the start of DST (a 23-hour day) in America/New_York', async () => {
    // 2027-03-14: clocks jump to 03:00 EDT; the local day lasts from 05:00Z to 04:00Z next day
    const sut = new QuotaHarness(ledger, '2027-03-14T05:10:00Z', {
      MAX_DAILY_LIMIT: '100',
      MIN_DAILY_LIMIT: '10',
    });
    await sut.admin.put('spring', { dailyLimit: 100, timeZone: 'America/New_York' }, 'test');
    await sut.campaign('spring', 150);

    await sut.dispatchAll();
    const sunday = await sut.sendAll();
    sut.clock.set('2027-03-15T04:05:00Z'); // 00:05 EDT Monday, 23 h after the day began
    await sut.dispatchAll();
    const monday = await sut.sendAll();

    expect([sunday, monday]).toEqual([100, 50]);
  });

  it('claims exactly the limit with 4 claimers at once, 20 times over', async () => {
    const quota = new QuotaStore();
    const sut = new QuotaHarness(ledger, '2026-12-10T12:00:00Z');
    for (let round = 0; round < 20; round++) {
      const account = `race-${round}`;
      await sut.admin.put(account, { dailyLimit: 1000 }, 'test');
      await sut.campaign(account, 5000);
      await sut.accountDays.ensureOpen(account);

      const claimers = [1, 2, 3, 4].map(async () => {
        let mine = 0;
        for (;;) {
          const claimed = await ledger.tx((sql) => quota.claim(sql, account, 137, sut.clock.now()));
          if (claimed.length === 0) return mine;
          mine += claimed.length;
        }
      });
      const perClaimer = await Promise.all(claimers);

      expect(perClaimer.reduce((a, b) => a + b, 0)).toBe(1000);
      expect(await sut.counts(account)).toEqual({ dispatched: 1000, deferred: 4000 });
      const day = await quota.day(ledger, account, '2026-12-10');
      expect(day).toMatchObject({ used: 1000, daily_limit: 1000 });
    }
  });

  it('gives back the quota of an email that never left', async () => {
    const sut = new QuotaHarness(ledger, '2026-12-11T12:00:00Z', {
      MAX_DAILY_LIMIT: '100',
      MIN_DAILY_LIMIT: '10',
    });
    await sut.admin.put('giveback', { dailyLimit: 10 }, 'test');
    await sut.campaign('giveback', 15);
    const quota = new QuotaStore();

    await sut.dispatchAll();
    const ids = sut.published.splice(0).flatMap((m) => (m.payload as { deliveryIds: string[] }).deliveryIds);
    const { DeliveryStore } = await import('@postroom/ledger');
    const deliveries = new DeliveryStore();
    await ledger.tx((sql) => deliveries.startSending(sql, ids));
    await ledger.tx(async (sql) => {
      const changed = await deliveries.recordOutcomes(sql, [
        {
          id: ids[0],
          status: 'retrying',
          smtpReply: 'ECONNREFUSED',
          retryAt: new Date('2026-12-11T12:00:01Z'),
          quotaReturned: true,
        },
        { id: ids[1], status: 'unknown', smtpReply: '', reason: 'no reply after the body' },
      ]);
      const { accountDayDeltas } = await import('../../apps/sender/src/outcome/outcome-recorder');
      await quota.applyDeltas(sql, accountDayDeltas(changed));
    });

    expect(await quota.day(ledger, 'giveback', '2026-12-11')).toMatchObject({ used: 9 });
    sut.clock.set('2026-12-11T12:00:05Z');
    expect(await sut.dispatchAll()).toBe(1);
  });
});
