import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  Inject,
  NotFoundException,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { BlacklistStore, type BlacklistRow, type Ledger } from '@postroom/ledger';
import { CLOCK, LEDGER, type Clock } from '@postroom/runtime';
import type { FastifyReply } from 'fastify';
import { mayAct } from '../auth/principal';
import { BlacklistAdminService, unsubscribeStays } from '../blacklist/blacklist-admin.service';
import { ConsoleAuthGuard, Session } from './console-auth.guard';
import { ConsoleExceptionFilter } from './console-exception.filter';
import type { ConsoleSession } from './console-sessions.service';
import { ConsoleViews } from './console-views';
import { reasonInWords } from './reason-words';

const PAGE = 50;
type Form = Record<string, string | undefined>;

/** The blacklist: search by address or reason, paged; add; remove after a confirmation page. */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@UseGuards(ConsoleAuthGuard)
@Controller('console/blacklist')
export class ConsoleBlacklistController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly views: ConsoleViews,
    private readonly store: BlacklistStore,
    private readonly admin: BlacklistAdminService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  async search(@Session() session: ConsoleSession, @Query() q: Form, @Res() reply: FastifyReply) {
    const account = this.accountOf(session, q.account);
    const address = q.address?.trim() || undefined;
    const reason = q.reason?.trim() || undefined;
    const after = q.after ? decodeCursor(q.after) : undefined;
    // soft entries past their expiry suppress nothing any more, as in the API's list
    const now = this.clock.now();
    const rows = await this.store.list(this.ledger, { account, address, reason, limit: PAGE, after, now });
    const last = rows[rows.length - 1];
    const query = new URLSearchParams({
      account: account ?? '',
      address: address ?? '',
      reason: reason ?? '',
    });
    if (rows.length === PAGE && last) query.set('after', encodeCursor(last));
    return this.views.send(reply, 'blacklist', session, {
      title: 'Blacklist',
      account,
      address,
      reason,
      items: rows.map(entry),
      next: rows.length === PAGE && last ? `?${query.toString()}` : null,
      notice: q.notice,
    });
  }

  @Post()
  async add(@Session() session: ConsoleSession, @Body() body: Form, @Res() reply: FastifyReply) {
    const account = this.accountOf(session, body.account);
    const address = body.address?.trim() ?? '';
    if (!account) throw new BadRequestException('account: say which account the entry is for');
    if (!/^[^\s@]+@[^\s@]+$/.test(address) || address.length > 320)
      throw new BadRequestException('address: an email address, like someone@example.com');
    const outcome = await this.admin.add(
      { account, address, reason: 'manual', note: body.note?.trim() || undefined },
      session.principal.name,
    );
    if (outcome.kind === 'refused') throw new BadRequestException(outcome.message);
    return this.back(
      reply,
      account,
      outcome.kind === 'added' ? `${address} was added` : `${address} was already listed`,
    );
  }

  /** The confirmation page: nothing is removed by a GET. */
  @Get('remove')
  async confirm(@Session() session: ConsoleSession, @Query() q: Form, @Res() reply: FastifyReply) {
    const row = await this.entry(session, q.account, q.address);
    return this.views.send(reply, 'blacklist-remove', session, {
      title: `Remove ${row.email_normalized}?`,
      entry: entry(row),
      unsubscribed: row.reason === 'unsubscribed',
      why: row.reason === 'unsubscribed' ? unsubscribeStays(row.email_normalized) : undefined,
    });
  }

  @Post('remove')
  async remove(@Session() session: ConsoleSession, @Body() body: Form, @Res() reply: FastifyReply) {
    const row = await this.entry(session, body.account, body.address);
    const outcome = await this.admin.remove(
      row.account_id,
      row.email_normalized,
      body.note?.trim() || undefined,
      session.principal.name,
    );
    if (outcome.kind === 'missing') throw new NotFoundException(outcome.message);
    if (outcome.kind === 'unsubscribed') throw new ConflictException(outcome.message);
    return this.back(reply, row.account_id, `${row.email_normalized} was removed`);
  }

  private async entry(session: ConsoleSession, account: string | undefined, address: string | undefined) {
    const acc = this.accountOf(session, account);
    const row = acc && address ? await this.store.get(this.ledger, acc, address) : undefined;
    if (!row)
      throw new NotFoundException(
        `${address ?? 'that address'} is not on the blacklist of ${acc ?? 'that account'}`,
      );
    return row;
  }

  /** An account token is held to its own account; another one answers as an empty one. */
  private accountOf(session: ConsoleSession, asked: string | undefined): string | undefined {
    const p = session.principal;
    const account = asked?.trim() || (p.scope === 'account' ? p.account : undefined);
    if (account !== undefined && !mayAct(p, account)) throw new NotFoundException(`no account ${account}`);
    return account;
  }

  private back(reply: FastifyReply, account: string, notice: string) {
    const q = new URLSearchParams({ account, notice });
    return reply.code(303).header('location', `/console/blacklist?${q.toString()}`).send();
  }
}

function entry(e: BlacklistRow) {
  return {
    account: e.account_id,
    address: e.email_normalized,
    reason: e.reason,
    words: reasonInWords(e.reason),
    source: e.source,
    deliveryId: e.delivery_id,
    diagnostic: e.diagnostic,
    createdAt: e.created_at,
    removable: e.reason !== 'unsubscribed',
  };
}

function encodeCursor(row: BlacklistRow): string {
  return Buffer.from(JSON.stringify([row.account_id, row.email_normalized])).toString('base64url');
}

function decodeCursor(cursor: string): { account: string; address: string } {
  try {
    const [account, address] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof account === 'string' && typeof address === 'string') return { account, address };
  } catch {
    // answered below
  }
  throw new BadRequestException('after: not a page link this console gave');
}
