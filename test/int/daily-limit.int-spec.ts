import { QuotaDayStore, type Ledger } from '@postroom/ledger';
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

  /** `day` plus `n` days, as YYYY-MM-DD (UTC). */
  const plus = (day: string, n: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

  // the same walk on a Monday of today's era, years in the past and years in the future: the
  // rules read only the injected clock, so the day the suite runs on changes nothing
  it.each(['2026-11-30', '2009-03-02', '2047-06-03'])(
    'sends a 2,500-recipient campaign 1,000 on the first day (%s), 1,000 the next, 500 the third, in submission order',
    async (monday) => {
      const [tuesday, wednesday, thursday] = [1, 2, 3].map((n) => plus(monday, n));
      // a fixed limit of 1000: growth is the subject of another test
      const sut = new QuotaHarness(ledger, `${monday}T08:00:00Z`, { MAX_DAILY_LIMIT: '1000' });
      await sut.admin.put('monday', { dailyLimit: 1000, timeZone: 'UTC' }, 'test');
      await sut.campaign('monday', 2500);

      const sentPerDay: number[] = [];
      const firstIdPerDay: string[] = [];
      const views = [];
      for (const at of [
        `${monday}T09:00:00Z`,
        `${tuesday}T00:05:00Z`,
        `${wednesday}T00:05:00Z`,
        `${thursday}T00:05:00Z`,
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
        today: monday,
        dailyLimit: 1000,
        used: 1000,
        remaining: 0,
        deferred: 1500,
        plannedDays: [
          { day: tuesday, count: 1000 },
          { day: wednesday, count: 500 },
        ],
      });
      expect(views[1]).toMatchObject({
        today: tuesday,
        used: 1000,
        deferred: 500,
        plannedDays: [{ day: wednesday, count: 500 }],
      });
      expect(views[2]).toMatchObject({
        today: wednesday,
        used: 500,
        remaining: 500,
        deferred: 0,
        plannedDays: [],
      });
      expect(await sut.counts('monday')).toEqual({ sent: 2500 });
      // due and sent times come from the clock, not the database's own now()
      const times = await ledger.query<{ due: string; sent: string }>(
        `select distinct to_char(due_at at time zone 'UTC', 'YYYY-MM-DD') as due,
                to_char(sent_at at time zone 'UTC', 'YYYY-MM-DD') as sent
           from deliveries where account_id = 'monday' and status = 'sent' order by 1, 2`,
      );
      expect(times.rows).toEqual([
        { due: monday, sent: monday },
        { due: tuesday, sent: tuesday },
        { due: wednesday, sent: wednesday },
      ]);
      // the events say when each deferred delivery was planned to go
      const details = await ledger.query(
        `select detail, count(*)::int as n from delivery_events e join deliveries d on d.id = e.delivery_id
          where d.account_id = 'monday' and e.to_status = 'deferred' group by detail order by detail`,
      );
      expect(details.rows).toEqual([
        { detail: `daily limit reached; planned for ${tuesday}`, n: 1000 },
        { detail: `daily limit reached; planned for ${wednesday}`, n: 500 },
      ]);
    },
  );

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
    const quota = new QuotaDayStore();
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

  it('blocks during the day when hard bounces cross 10%, holds what was dispatched, and resumes on unblock', async () => {
    const sut = new QuotaHarness(ledger, '2026-12-14T09:00:00Z');
    await sut.admin.put('risky', { dailyLimit: 1000 }, 'test');
    await sut.campaign('risky', 350);
    const bad = (email: string) => (Number(/(\d+)@/.exec(email)![1]) % 10 === 0 ? 'bounced' : 'sent');
    const quota = new QuotaDayStore();

    await sut.dispatchAll();
    await sut.sendAll(bad, 300); // 30 of 300 hard-bounce: 10%
    await sut.sweeper.sweepOnce();
    await sut.accountDays.blockAllOverTheLine(); // watches every account's running figures
    const dispatchedAfterBlock = await sut.dispatcher.dispatchOnce();
    const heldNow = await sut.sendAll(); // the 50 still in the queue reach the sender after the block
    const blocked = await sut.admin.view('risky');
    const usedWhileBlocked = (await quota.day(ledger, 'risky', '2026-12-14'))!.used;

    expect(dispatchedAfterBlock).toBe(0);
    expect(heldNow).toBe(0);
    expect(blocked).toMatchObject({ status: 'blocked', remaining: 0, held: 50, plannedDays: [] });
    expect(blocked!.blockReason).toMatch(/^hard-bounce rate 10% ≥ 10% over 300 emails$/);
    expect(usedWhileBlocked).toBe(300);
    expect(await sut.counts('risky')).toEqual({ sent: 270, bounced: 30, held: 50 });

    sut.clock.set('2026-12-14T10:00:00Z');
    await sut.admin.unblock('risky', 'operator:ada', 'bounces came from an old imported list; cleaned');
    await sut.dispatchAll();
    const resumed = await sut.sendAll();

    expect(resumed).toBe(50);
    expect(await sut.admin.view('risky')).toMatchObject({ status: 'active', held: 0 });
    expect(await sut.counts('risky')).toEqual({ sent: 320, bounced: 30 });
    const history = await sut.admin.history('risky');
    expect(history.map((h) => [h.rule, h.oldStatus, h.newStatus, h.actor])).toEqual([
      ['unblock', 'blocked', 'active', 'operator:ada'],
      ['block-now', 'active', 'blocked', 'rules'],
      ['operator', 'active', 'active', 'test'],
    ]);
    expect(history[1].figures).toMatchObject({ window: { delivered: 270, hardBounced: 30 } });
    expect(history[0]).toMatchObject({ reason: 'bounces came from an old imported list; cleaned' });
  });

  it('never blocks on three unlucky emails', async () => {
    const sut = new QuotaHarness(ledger, '2026-12-15T09:00:00Z');
    await sut.campaign('small', 5);

    await sut.dispatchAll();
    await sut.sendAll((email) =>
      email.startsWith('user0') || email.startsWith('user1') || email.startsWith('user2')
        ? 'bounced'
        : 'sent',
    );
    await sut.campaign('small', 5);
    await sut.dispatchAll();

    expect(await sut.admin.view('small')).toMatchObject({ status: 'active' });
  });

  it('grows the limit at day close after a clean, busy day, and shrinks it after complaints', async () => {
    const sut = new QuotaHarness(ledger, '2026-12-16T09:00:00Z');
    await sut.admin.put('grower', { dailyLimit: 200 }, 'test');
    await sut.campaign('grower', 1000);
    await sut.dispatchAll();
    await sut.sendAll();
    // complaints arrive on the next day's figures (the bounce service counts them)
    sut.clock.set('2026-12-17T00:01:00Z');
    await sut.dispatchAll();
    await sut.sendAll();
    await ledger.query(
      `update quota_days set complaints = 2 where account_id = 'grower' and day = '2026-12-17'`,
    );
    sut.clock.set('2026-12-18T00:01:00Z');
    await sut.dispatchAll();

    const history = (await sut.admin.history('grower')).reverse();
    expect(history.map((h) => [h.day, h.rule, h.oldLimit, h.newLimit])).toEqual([
      ['2026-12-16', 'operator', 1000, 200],
      ['2026-12-16', 'grow', 200, 300],
      ['2026-12-17', 'shrink', 300, 150],
    ]);
    expect(history[2].reason).toBe('complaint rate 0.67% ≥ 0.3%');
    expect(history[2].figures).toMatchObject({ used: 300, day: { delivered: 300, complaints: 2 } });
    expect(await sut.admin.view('grower')).toMatchObject({ dailyLimit: 150, used: 150 });
  });

  it('gives back the quota of an email that never left', async () => {
    const sut = new QuotaHarness(ledger, '2026-12-11T12:00:00Z', {
      MAX_DAILY_LIMIT: '100',
      MIN_DAILY_LIMIT: '10',
    });
    await sut.admin.put('giveback', { dailyLimit: 10 }, 'test');
    await sut.campaign('giveback', 15);
    const quota = new QuotaDayStore();

    await sut.dispatchAll();
    const ids = sut.published.splice(0).flatMap((m) => (m.payload as { deliveryIds: string[] }).deliveryIds);
    const { DeliveryStore } = await import('@postroom/ledger');
    const deliveries = new DeliveryStore();
    await ledger.tx((sql) => deliveries.startSending(sql, ids, sut.clock.now()));
    await deliveries.settleSends(
      ledger,
      [
        {
          id: ids[0],
          status: 'retrying',
          smtpReply: 'ECONNREFUSED',
          retryAt: new Date('2026-12-11T12:00:01Z'),
          quotaReturned: true,
        },
        { id: ids[1], status: 'unknown', smtpReply: '', reason: 'no reply after the body' },
      ],
      [],
      sut.clock.now(),
    );

    expect(await quota.day(ledger, 'giveback', '2026-12-11')).toMatchObject({ used: 9 });
    sut.clock.set('2026-12-11T12:00:05Z');
    expect(await sut.dispatchAll()).toBe(1);
  });
});
