import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import {
  AccountStore,
  QuotaDayStore,
  type AccountDayRow,
  type AccountRow,
  type Ledger,
  type Sql,
} from '@postroom/ledger';
import { CLOCK, CONFIG, LEDGER, LOGGER, type Clock } from '@postroom/runtime';
import type { Logger } from 'pino';
import {
  errorBlockReason,
  errorFigures,
  withErrorBlock,
  type ErrorBlockSettings,
} from '../reputation/error-rules';
import { blockReason, decideDayClose, rates, type ReputationSettings } from '../reputation/limit-rules';
import { errorBlockSettings, reputationSettings } from './reputation-settings';

export interface OpenDay {
  readonly account: AccountRow;
  readonly today: AccountDayRow;
}

/**
 * Opens each account's local day, closing the days before it: the reputation rules decide the
 * next limit from the ledger's figures, and every change is written to the limit history.
 * Also blocks an account during the day as soon as its running figures cross the block lines.
 */
@Injectable()
export class AccountDayService {
  private readonly settings: ReputationSettings;
  private readonly errorSettings: ErrorBlockSettings;

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly accounts: AccountStore,
    private readonly days: QuotaDayStore,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.settings = reputationSettings(config);
    this.errorSettings = errorBlockSettings(config);
  }

  /** The account with its open local day; the day is opened (and earlier ones closed) if needed. */
  async ensureOpen(accountId: string): Promise<OpenDay | undefined> {
    const now = this.clock.now();
    const account = await this.accounts.account(this.ledger, accountId);
    if (!account) return undefined;
    const day = await this.days.localDay(this.ledger, account.time_zone, now);
    const today = await this.days.day(this.ledger, accountId, day);
    if (today) return { account, today };
    return this.ledger.tx(async (sql) => {
      // the account row lock makes one scheduler, and only one, close and open the days
      const locked = await this.accounts.account(sql, accountId, true);
      if (!locked) return undefined;
      const lockedDay = await this.days.localDay(sql, locked.time_zone, now);
      const existing = await this.days.day(sql, accountId, lockedDay);
      if (existing) return { account: locked, today: existing };
      const after = await this.closeDaysBefore(sql, locked, lockedDay, now);
      await this.days.openDay(sql, accountId, lockedDay, after.daily_limit);
      // what waits beyond today's capacity is planned again against the new limit
      await this.days.deferRest(sql, after, lockedDay, after.daily_limit, now);
      const opened = await this.days.day(sql, accountId, lockedDay);
      return { account: after, today: opened! };
    });
  }

  /**
   * Blocks the account now when the running window crosses the block lines (not only at day
   * close). Returns true when it did.
   */
  async blockIfCrossed(open: OpenDay): Promise<boolean> {
    if (open.account.status !== 'active') return false;
    const window = await this.days.windowCounts(
      this.ledger,
      open.account,
      open.today.day,
      this.config.REPUTATION_WINDOW_DAYS,
    );
    // the account's own errors of today block it as complaints do
    const today = {
      delivered: open.today.delivered,
      hardBounced: open.today.hard_bounced,
      errors: open.today.errors,
    };
    const reason = blockReason(window, this.settings) ?? errorBlockReason(today, this.errorSettings);
    if (!reason) return false;
    const now = this.clock.now();
    return this.ledger.tx(async (sql) => {
      const locked = await this.accounts.account(sql, open.account.id, true);
      if (!locked || locked.status !== 'active') return false;
      await this.accounts.setAccount(sql, locked.id, { status: 'blocked', blockReason: reason }, now);
      await this.accounts.recordChange(sql, {
        accountId: locked.id,
        day: open.today.day,
        oldLimit: locked.daily_limit,
        newLimit: locked.daily_limit,
        oldStatus: 'active',
        newStatus: 'blocked',
        rule: 'block-now',
        reason,
        figures: {
          window,
          ...rates(window),
          windowDays: this.config.REPUTATION_WINDOW_DAYS,
          today: errorFigures(today),
        },
        actor: 'rules',
      });
      this.logger.warn({ account: locked.id, reason }, 'account blocked during the day');
      return true;
    });
  }

  /**
   * Accounts with nothing to send are still blocked as soon as late complaints or bounces cross
   * the line: every active account with recent days is checked. Returns how many were blocked.
   */
  async blockAllOverTheLine(): Promise<number> {
    const now = this.clock.now();
    let blocked = 0;
    for (const id of await this.accounts.activeWithRecentDays(
      this.ledger,
      this.config.REPUTATION_WINDOW_DAYS + 1,
      now,
    )) {
      const open = await this.ensureOpen(id);
      if (open && (await this.blockIfCrossed(open))) blocked++;
    }
    return blocked;
  }

  private async closeDaysBefore(
    sql: Sql,
    account: AccountRow,
    today: string,
    now: Date,
  ): Promise<AccountRow> {
    let current = account;
    for (const day of await this.days.unclosedDaysBefore(sql, account.id, today)) {
      const window = await this.days.windowCounts(sql, current, day.day, this.config.REPUTATION_WINDOW_DAYS);
      const dayCounts = {
        delivered: day.delivered,
        hardBounced: day.hard_bounced,
        complaints: day.complaints,
      };
      const decision = withErrorBlock(
        decideDayClose(
          { status: current.status, limit: current.daily_limit, used: day.used, day: dayCounts, window },
          this.settings,
        ),
        { status: current.status, limit: current.daily_limit },
        { ...dayCounts, errors: day.errors },
        this.errorSettings,
      );
      await this.days.closeDay(sql, account.id, day.day, now);
      const changed = decision.limit !== current.daily_limit || decision.status !== current.status;
      await this.accounts.recordChange(sql, {
        accountId: account.id,
        day: day.day,
        oldLimit: current.daily_limit,
        newLimit: decision.limit,
        oldStatus: current.status,
        newStatus: decision.status,
        rule: decision.rule,
        reason: decision.reason,
        figures: {
          used: day.used,
          limit: day.daily_limit,
          day: {
            ...dayCounts,
            ...rates(dayCounts),
            errors: day.errors,
            errorRate: errorFigures({ ...dayCounts, errors: day.errors }).errorRate,
          },
          window: { ...window, ...rates(window), days: this.config.REPUTATION_WINDOW_DAYS },
        },
        actor: 'rules',
      });
      if (changed) {
        await this.accounts.setAccount(
          sql,
          account.id,
          {
            limit: decision.limit,
            status: decision.status,
            blockReason: decision.status === 'blocked' ? decision.reason : null,
          },
          now,
        );
        this.logger.info(
          { account: account.id, day: day.day, ...decision },
          'account day closed; limit changed',
        );
      }
      current = { ...current, daily_limit: decision.limit, status: decision.status };
    }
    return current;
  }
}
