import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { AccountStore, DeliveryStore, QuotaDayStore, type Ledger } from '@postroom/ledger';
import { CLOCK, CONFIG, LEDGER, type Clock } from '@postroom/runtime';
import { addDays, plannedDays } from './planned-days';

export class InvalidAccountSettings extends Error {}
export class AccountNotBlocked extends Error {}

export interface AccountSettings {
  readonly dailyLimit?: number;
  readonly smsDailyLimit?: number;
  readonly timeZone?: string;
}

/** Creates and changes accounts for operators, unblocks them, and shows where their limit stands. */
@Injectable()
export class AccountAdminService {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly accounts: AccountStore,
    private readonly days: QuotaDayStore,
    private readonly deliveries: DeliveryStore,
    @Inject(CONFIG) private readonly config: ConfigOf<typeof schedulerEnv>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Creates the account with the defaults, then applies the settings; audited in the limit history. */
  async put(id: string, settings: AccountSettings, actor: string): Promise<{ created: boolean }> {
    const { dailyLimit, timeZone } = settings;
    if (dailyLimit !== undefined) {
      const { MIN_DAILY_LIMIT: min, MAX_DAILY_LIMIT: max } = this.config;
      if (!Number.isInteger(dailyLimit) || dailyLimit < min || dailyLimit > max) {
        throw new InvalidAccountSettings(`dailyLimit must be an integer from ${min} to ${max}`);
      }
    }
    if (timeZone !== undefined && !(await this.isTimeZone(timeZone))) {
      throw new InvalidAccountSettings(
        `timeZone ${JSON.stringify(timeZone)} is not an IANA time zone (e.g. Europe/Berlin)`,
      );
    }
    const now = this.clock.now();
    return this.ledger.tx(async (sql) => {
      const created = await this.accounts.create(
        sql,
        id,
        dailyLimit ?? this.config.DEFAULT_DAILY_LIMIT,
        timeZone ?? 'UTC',
      );
      const before = (await this.accounts.account(sql, id, true))!;
      if (!created) await this.accounts.setAccount(sql, id, { limit: dailyLimit, timeZone }, now);
      if (settings.smsDailyLimit !== undefined)
        await this.accounts.setAccount(sql, id, { smsLimit: settings.smsDailyLimit }, now);
      if (dailyLimit !== undefined && (created || dailyLimit !== before.daily_limit)) {
        const day = await this.days.localDay(sql, timeZone ?? before.time_zone, now);
        await this.days.setDayLimit(sql, id, day, dailyLimit);
        await this.accounts.recordChange(sql, {
          accountId: id,
          day,
          oldLimit: created ? this.config.DEFAULT_DAILY_LIMIT : before.daily_limit,
          newLimit: dailyLimit,
          oldStatus: before.status,
          newStatus: before.status,
          rule: 'operator',
          reason: created ? 'account created with this limit' : 'limit set by an operator',
          actor,
        });
      }
      return { created };
    });
  }

  /** Lifts a block: held deliveries go back to the queue and the reputation window starts afresh. */
  async unblock(id: string, actor: string, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.ledger.tx(async (sql) => {
      const account = await this.accounts.account(sql, id, true);
      if (!account) throw new AccountNotFound(id);
      if (account.status !== 'blocked') throw new AccountNotBlocked(`account ${id} is not blocked`);
      const day = await this.days.localDay(sql, account.time_zone, now);
      await this.accounts.setAccount(sql, id, { status: 'active', blockReason: null }, now);
      await this.accounts.resetWindow(sql, id, await this.days.day(sql, id, day), day, now);
      const released = await this.accounts.releaseHeld(sql, id, now);
      await this.accounts.recordChange(sql, {
        accountId: id,
        day,
        oldLimit: account.daily_limit,
        newLimit: account.daily_limit,
        oldStatus: 'blocked',
        newStatus: 'active',
        rule: 'unblock',
        reason,
        figures: { blockedFor: account.block_reason, heldReleased: released },
        actor,
      });
    });
  }

  async view(id: string) {
    const account = await this.accounts.account(this.ledger, id);
    if (!account) return undefined;
    const day = await this.days.localDay(this.ledger, account.time_zone, this.clock.now());
    const today = await this.days.day(this.ledger, id, day);
    const limit = today?.daily_limit ?? account.daily_limit;
    const used = today?.used ?? 0;
    const waiting = await this.deliveries.waitingCounts(this.ledger, id);
    const pending = (waiting.queued ?? 0) + (waiting.retrying ?? 0) + (waiting.deferred ?? 0);
    const remaining = account.status === 'active' ? Math.max(0, limit - used) : 0;
    return {
      id: account.id,
      status: account.status,
      blockReason: account.block_reason,
      timeZone: account.time_zone,
      today: day,
      dailyLimit: limit,
      nextDailyLimit: account.daily_limit,
      used,
      remaining,
      queued: waiting.queued ?? 0,
      retrying: waiting.retrying ?? 0,
      deferred: waiting.deferred ?? 0,
      held: waiting.held ?? 0,
      // an estimate at today's limit; the adaptive limit may change it at each day's close
      plannedDays:
        account.status === 'active' ? plannedDays(day, remaining, account.daily_limit, pending) : [],
      reputation: today
        ? {
            delivered: today.delivered,
            hardBounced: today.hard_bounced,
            complaints: today.complaints,
            errors: today.errors,
          }
        : { delivered: 0, hardBounced: 0, complaints: 0, errors: 0 },
      tomorrow: addDays(day, 1),
      // the SMS limit counts apart from the email limit, on the same local day
      sms: {
        dailyLimit: account.sms_daily_limit,
        used: today?.sms_used ?? 0,
        remaining: Math.max(0, account.sms_daily_limit - (today?.sms_used ?? 0)),
        delivered: today?.sms_delivered ?? 0,
      },
    };
  }

  async history(id: string, limit = 200) {
    const rows = await this.accounts.history(this.ledger, id, limit);
    return rows.map((r) => ({
      id: r.id,
      at: new Date(r.at).toISOString(),
      day: r.day,
      oldLimit: r.old_limit,
      newLimit: r.new_limit,
      oldStatus: r.old_status,
      newStatus: r.new_status,
      rule: r.rule,
      reason: r.reason,
      figures: r.figures,
      actor: r.actor,
    }));
  }

  private async isTimeZone(tz: string): Promise<boolean> {
    if (tz.length > 64) return false;
    return this.accounts.isTimeZone(this.ledger, tz);
  }
}

export class AccountNotFound extends Error {
  constructor(id: string) {
    super(`no account ${id}`);
  }
}
