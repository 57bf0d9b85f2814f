import { loadConfig, schedulerEnv } from '@postroom/config';
import type {
  AccountDayRow,
  AccountRow,
  AccountStore,
  DayCounts,
  LimitChangeRow,
  Ledger,
  QuotaDayStore,
  Sql,
} from '@postroom/ledger';
import { FakeClock } from '@postroom/runtime';
import pino from 'pino';
import { AccountDayService } from './account-day.service';

/**
 * The one clock of these tests: a fixed instant, whatever day they run on. 10:30 UTC is
 * 23:30 on the 14th in Auckland (UTC+13 in March) and 03:30 on the 14th in Los Angeles.
 */
const NOW = new Date('2031-03-14T10:30:00Z');
const DAY_MS = 86_400_000;

/** The local calendar date of `now` in `timeZone`, as Postgres' `at time zone` gives it. */
function localDate(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

function shiftDay(day: string, by: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + by * DAY_MS).toISOString().slice(0, 10);
}

/** accounts, quota_days and the limit history in memory, answering as the two stores do. */
class ReputationLedger {
  readonly accounts = new Map<string, AccountRow>();
  readonly days: AccountDayRow[] = [];
  readonly history: LimitChangeRow[] = [];
  readonly deferred: { accountId: string; day: string; remainingToday: number; limit: number }[] = [];

  account(id: string, fields: Partial<AccountRow> = {}): AccountRow {
    const row: AccountRow = {
      id,
      daily_limit: 1000,
      sms_daily_limit: 1000,
      time_zone: 'UTC',
      status: 'active',
      block_reason: null,
      window_start: null,
      window_baseline: null,
      ...fields,
    };
    this.accounts.set(id, row);
    return row;
  }

  day(accountId: string, day: string, fields: Partial<AccountDayRow> = {}): void {
    this.days.push({
      account_id: accountId,
      day,
      daily_limit: this.accounts.get(accountId)?.daily_limit ?? 1000,
      used: 0,
      delivered: 0,
      sms_used: 0,
      sms_delivered: 0,
      hard_bounced: 0,
      complaints: 0,
      errors: 0,
      closed_at: null,
      ...fields,
    });
  }

  find(accountId: string, day: string): AccountDayRow | undefined {
    return this.days.find((d) => d.account_id === accountId && d.day === day);
  }

  readonly accountStore = {
    account: async (_sql: Sql, id: string) => {
      const a = this.accounts.get(id);
      return a && { ...a };
    },
    setAccount: async (
      _sql: Sql,
      id: string,
      f: { limit?: number; status?: 'active' | 'blocked'; blockReason?: string | null },
    ) => {
      const a = this.accounts.get(id)!;
      if (f.limit !== undefined) a.daily_limit = f.limit;
      if (f.status !== undefined) {
        a.status = f.status;
        a.block_reason = f.blockReason ?? null;
      }
    },
    recordChange: async (_sql: Sql, c: LimitChangeRow) => {
      this.history.push(c);
    },
    activeWithRecentDays: async (_sql: Sql, days: number, now: Date) =>
      [...this.accounts.values()]
        .filter((a) => a.status === 'active')
        .filter((a) => {
          const today = localDate(a.time_zone, now);
          return this.days.some((d) => d.account_id === a.id && d.day > shiftDay(today, -days));
        })
        .map((a) => a.id),
  } as unknown as AccountStore;

  readonly dayStore = {
    localDay: async (_sql: Sql, timeZone: string, now: Date) => localDate(timeZone, now),
    day: async (_sql: Sql, accountId: string, day: string) => {
      const d = this.find(accountId, day);
      return d && { ...d };
    },
    unclosedDaysBefore: async (_sql: Sql, accountId: string, day: string) =>
      this.days
        .filter((d) => d.account_id === accountId && d.day < day && d.closed_at === null)
        .sort((a, b) => a.day.localeCompare(b.day))
        .map((d) => ({ ...d })),
    openDay: async (_sql: Sql, accountId: string, day: string, limit: number) => {
      if (this.find(accountId, day)) return false;
      this.day(accountId, day, { daily_limit: limit });
      return true;
    },
    closeDay: async (_sql: Sql, accountId: string, day: string, now: Date) => {
      this.find(accountId, day)!.closed_at = now;
    },
    windowCounts: async (
      _sql: Sql,
      account: AccountRow,
      endDay: string,
      days: number,
    ): Promise<DayCounts> => {
      const inWindow = this.days.filter(
        (d) => d.account_id === account.id && d.day > shiftDay(endDay, -days) && d.day <= endDay,
      );
      const sum = (f: (d: AccountDayRow) => number) => inWindow.reduce((n, d) => n + f(d), 0);
      return {
        delivered: sum((d) => d.delivered),
        hardBounced: sum((d) => d.hard_bounced),
        complaints: sum((d) => d.complaints),
        errors: sum((d) => d.errors),
      };
    },
    deferRest: async (_sql: Sql, account: AccountRow, today: string, remainingToday: number) => {
      this.deferred.push({ accountId: account.id, day: today, remainingToday, limit: account.daily_limit });
      return 0;
    },
  } as unknown as QuotaDayStore;

  /** Runs the body; these stores ignore the transaction handle. */
  readonly ledger = { tx: <T>(fn: (sql: Sql) => Promise<T>) => fn({} as Sql) } as unknown as Ledger;
}

describe(AccountDayService.name, () => {
  // the defaults: limits 100..50000, grow ×1.5 above 80% use, shrink ×0.5 at 0.3% complaints,
  // block at 1% complaints or 10% hard bounces over at least 100 emails, a 7-day window
  const config = loadConfig('scheduler', schedulerEnv, { POSTROOM_API_TOKEN: 'test-token-0123456789' });
  let clock: FakeClock;
  let db: ReputationLedger;
  let sut: AccountDayService;

  beforeEach(() => {
    clock = new FakeClock(NOW);
    db = new ReputationLedger();
    sut = new AccountDayService(
      db.ledger,
      db.accountStore,
      db.dayStore,
      config,
      clock,
      pino({ level: 'silent' }),
    );
  });

  describe('opening days', () => {
    it("opens today's day in the account's own time zone, with the account's limit", async () => {
      db.account('nz', { time_zone: 'Pacific/Auckland', daily_limit: 700 });
      db.account('la', { time_zone: 'America/Los_Angeles' });

      const nz = await sut.ensureOpen('nz');
      const la = await sut.ensureOpen('la');

      expect(nz?.today).toMatchObject({ day: '2031-03-14', daily_limit: 700, used: 0, closed_at: null });
      expect(la?.today).toMatchObject({ day: '2031-03-14', daily_limit: 1000 });
      expect(db.deferred).toEqual([
        { accountId: 'nz', day: '2031-03-14', remainingToday: 700, limit: 700 },
        { accountId: 'la', day: '2031-03-14', remainingToday: 1000, limit: 1000 },
      ]);
    });

    it("turns the day at the account's local midnight, not at UTC midnight", async () => {
      db.account('nz', { time_zone: 'Pacific/Auckland' });
      db.account('utc');
      await sut.ensureOpen('nz');
      await sut.ensureOpen('utc');

      clock.set('2031-03-14T11:00:00Z'); // 00:00 on the 15th in Auckland, 11:00 on the 14th in UTC
      const nz = await sut.ensureOpen('nz');
      const utc = await sut.ensureOpen('utc');

      expect(nz?.today.day).toBe('2031-03-15');
      expect(db.find('nz', '2031-03-14')?.closed_at).toEqual(new Date('2031-03-14T11:00:00Z'));
      expect(utc?.today.day).toBe('2031-03-14');
      expect(db.find('utc', '2031-03-14')?.closed_at).toBeNull();
    });

    it('returns an open day as it is and writes nothing', async () => {
      db.account('acme');
      db.day('acme', '2031-03-14', { used: 40 });

      const open = await sut.ensureOpen('acme');

      expect(open?.today).toMatchObject({ day: '2031-03-14', used: 40 });
      expect(db.history).toEqual([]);
      expect(db.deferred).toEqual([]);
      expect(db.days).toHaveLength(1);
    });

    it('knows no unknown account', async () => {
      expect(await sut.ensureOpen('nobody')).toBeUndefined();
      expect(db.days).toEqual([]);
    });
  });

  describe('closing days', () => {
    it('grows the limit after a busy, clean day and opens today with it', async () => {
      db.account('acme');
      db.day('acme', '2031-03-13', { used: 900, delivered: 880, hard_bounced: 2 });

      const open = await sut.ensureOpen('acme');

      expect(open?.account.daily_limit).toBe(1500);
      expect(open?.today).toMatchObject({ day: '2031-03-14', daily_limit: 1500 });
      expect(db.accounts.get('acme')?.daily_limit).toBe(1500);
      expect(db.find('acme', '2031-03-13')?.closed_at).toEqual(NOW);
      expect(db.history).toEqual([
        expect.objectContaining({
          day: '2031-03-13',
          oldLimit: 1000,
          newLimit: 1500,
          rule: 'grow',
          actor: 'rules',
        }),
      ]);
      // waiting work is planned again against the grown limit
      expect(db.deferred).toEqual([
        { accountId: 'acme', day: '2031-03-14', remainingToday: 1500, limit: 1500 },
      ]);
    });

    it('shrinks the limit when the complaint rate reaches the shrink line', async () => {
      db.account('acme');
      // 5 complaints in 1000 delivered: 0.5%, over the 0.3% shrink line, under the 1% block line
      db.day('acme', '2031-03-13', { used: 1000, delivered: 1000, complaints: 5 });

      const open = await sut.ensureOpen('acme');

      expect(open?.account).toMatchObject({ daily_limit: 500, status: 'active' });
      expect(db.history[0]).toMatchObject({
        oldLimit: 1000,
        newLimit: 500,
        rule: 'shrink',
        reason: 'complaint rate 0.5% ≥ 0.3%',
      });
    });

    it('keeps the limit between the lines, recording the decision without changing the account', async () => {
      db.account('acme');
      // 2 complaints in 1000: 0.2%, above the 0.1% grow line, below the 0.3% shrink line
      db.day('acme', '2031-03-13', { used: 1000, delivered: 1000, complaints: 2 });

      const open = await sut.ensureOpen('acme');

      expect(open?.account.daily_limit).toBe(1000);
      expect(db.history[0]).toMatchObject({ oldLimit: 1000, newLimit: 1000, rule: 'keep' });
    });

    it('closes every unclosed day oldest first, each decision building on the one before', async () => {
      db.account('acme');
      db.day('acme', '2031-03-11', { used: 1000, delivered: 1000 });
      db.day('acme', '2031-03-12', { used: 1200, delivered: 1200 });
      db.day('acme', '2031-03-10', { used: 0, closed_at: new Date('2031-03-11T00:00:00Z') });

      const open = await sut.ensureOpen('acme');

      expect(db.history.map((h) => [h.day, h.oldLimit, h.newLimit, h.rule])).toEqual([
        ['2031-03-11', 1000, 1500, 'grow'],
        // 1200 of 1500 is exactly 80%: grows again
        ['2031-03-12', 1500, 2250, 'grow'],
      ]);
      expect(open?.today.daily_limit).toBe(2250);
    });

    it('blocks at close when the window crosses the block line, and a blocked account stays blocked', async () => {
      db.account('acme');
      // 15 hard bounces in 115 emails: 13%, over the 10% block line
      db.day('acme', '2031-03-12', { used: 115, delivered: 100, hard_bounced: 15 });
      db.day('acme', '2031-03-13', { used: 0 });

      const open = await sut.ensureOpen('acme');

      expect(open?.account.status).toBe('blocked');
      expect(db.accounts.get('acme')).toMatchObject({
        status: 'blocked',
        daily_limit: 500,
        block_reason: 'hard-bounce rate 13.04% ≥ 10% over 115 emails',
      });
      expect(db.history.map((h) => [h.day, h.rule, h.oldStatus, h.newStatus])).toEqual([
        ['2031-03-12', 'block', 'active', 'blocked'],
        ['2031-03-13', 'stay-blocked', 'blocked', 'blocked'],
      ]);
    });

    it("audits the day's and the window's figures with each decision", async () => {
      db.account('acme');
      db.day('acme', '2031-03-06', { delivered: 999, complaints: 9 }); // outside the 7-day window
      db.day('acme', '2031-03-07', { delivered: 400, hard_bounced: 10, complaints: 1, closed_at: NOW });
      db.day('acme', '2031-03-13', { used: 600, delivered: 590, hard_bounced: 10, complaints: 0 });

      await sut.ensureOpen('acme');

      const closing = db.history.find((h) => h.day === '2031-03-13');
      expect(closing?.figures).toEqual({
        used: 600,
        limit: 1000,
        day: {
          delivered: 590,
          hardBounced: 10,
          complaints: 0,
          errors: 0,
          attempted: 600,
          complaintRate: 0,
          errorRate: 0,
          hardBounceRate: 10 / 600,
        },
        window: {
          delivered: 990,
          hardBounced: 20,
          complaints: 1,
          errors: 0,
          attempted: 1010,
          complaintRate: 1 / 990,
          hardBounceRate: 20 / 1010,
          days: 7,
        },
      });
    });
  });

  describe('blocking during the day', () => {
    it('blocks an active account whose running window crosses the complaint line, and audits it', async () => {
      db.account('acme');
      db.day('acme', '2031-03-13', { delivered: 150, closed_at: NOW });
      db.day('acme', '2031-03-14', { used: 60, delivered: 50, complaints: 2 });
      const open = (await sut.ensureOpen('acme'))!;

      expect(await sut.blockIfCrossed(open)).toBe(true);

      expect(db.accounts.get('acme')).toMatchObject({
        status: 'blocked',
        daily_limit: 1000,
        block_reason: 'complaint rate 1% ≥ 1% over 200 emails',
      });
      expect(db.history).toEqual([
        {
          accountId: 'acme',
          day: '2031-03-14',
          oldLimit: 1000,
          newLimit: 1000,
          oldStatus: 'active',
          newStatus: 'blocked',
          rule: 'block-now',
          reason: 'complaint rate 1% ≥ 1% over 200 emails',
          figures: {
            window: { delivered: 200, hardBounced: 0, complaints: 2, errors: 0 },
            attempted: 200,
            complaintRate: 0.01,
            hardBounceRate: 0,
            windowDays: 7,
            // the day so far, which the errors rule reads (50 sent today, none an error)
            today: { attempted: 50, delivered: 50, hardBounced: 0, errors: 0, errorRate: 0 },
          },
          actor: 'rules',
        },
      ]);
    });

    it('blocks no one below the line or with too few emails to judge', async () => {
      db.account('clean');
      db.day('clean', '2031-03-14', { delivered: 1000, complaints: 9 }); // 0.9%
      db.account('few');
      db.day('few', '2031-03-14', { delivered: 20, complaints: 5 }); // 25%, but 20 emails

      expect(await sut.blockIfCrossed((await sut.ensureOpen('clean'))!)).toBe(false);
      expect(await sut.blockIfCrossed((await sut.ensureOpen('few'))!)).toBe(false);
      expect([...db.accounts.values()].map((a) => a.status)).toEqual(['active', 'active']);
      expect(db.history).toEqual([]);
    });

    it('does not block twice when the account was blocked meanwhile', async () => {
      db.account('acme');
      db.day('acme', '2031-03-14', { delivered: 100, hard_bounced: 50 });
      const open = (await sut.ensureOpen('acme'))!;
      db.accounts.get('acme')!.status = 'blocked'; // another scheduler got there first

      expect(await sut.blockIfCrossed(open)).toBe(false);
      expect(db.history).toEqual([]);
    });

    it('blockAllOverTheLine blocks every active account over the line, sending or not', async () => {
      db.account('late-complaints', { time_zone: 'Pacific/Auckland' });
      db.day('late-complaints', '2031-03-12', { delivered: 100, complaints: 3, closed_at: NOW });
      db.account('fine');
      db.day('fine', '2031-03-13', { delivered: 100, closed_at: NOW });
      db.account('bouncy');
      db.day('bouncy', '2031-03-14', { delivered: 90, hard_bounced: 30 });
      db.account('already', { status: 'blocked' });
      db.day('already', '2031-03-14', { delivered: 100, complaints: 50 });
      db.account('long-ago');
      db.day('long-ago', '2031-02-01', { delivered: 100, complaints: 50, closed_at: NOW });

      expect(await sut.blockAllOverTheLine()).toBe(2);

      expect(Object.fromEntries([...db.accounts.values()].map((a) => [a.id, a.status]))).toEqual({
        'late-complaints': 'blocked',
        fine: 'active',
        bouncy: 'blocked',
        already: 'blocked',
        'long-ago': 'active',
      });
      expect(db.history.filter((h) => h.rule === 'block-now').map((h) => h.accountId)).toEqual([
        'late-complaints',
        'bouncy',
      ]);
    });
  });
});
