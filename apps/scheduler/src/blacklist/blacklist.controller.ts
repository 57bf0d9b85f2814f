import {
  BadRequestException,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { BlacklistAdd, BlacklistListQuery, BlacklistRemoveQuery } from '@postroom/contracts';
import { BlacklistStore, type BlacklistRow, type Ledger } from '@postroom/ledger';
import { CLOCK, LEDGER, type Clock } from '@postroom/runtime';
import type { FastifyReply } from 'fastify';
import { ApiTokenGuard, Caller } from '../auth/api-token.guard';
import { mayAct, type Principal } from '../auth/principal';
import { ValidBody, ValidQuery } from '../validation/schema.pipe';

/**
 * Operators list, add and remove blacklist entries. An `unsubscribed` entry cannot be removed
 * here: the contact must opt in again through a channel that proves it (409). An account token
 * sees its own account's entries only (another account answers 404); the audit trail records
 * the token's name.
 */
@ApiTags('blacklist')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('v1/blacklist')
export class BlacklistController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: BlacklistStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List entries (filter by account, reason, address; paged by `after`)' })
  async list(@Caller() caller: Principal, @ValidQuery('BlacklistListQuery') query: BlacklistListQuery) {
    const { reason, address, after } = query;
    const limit = query.limit!; // the schema's default, 100, is filled in
    const account = query.account ?? (caller.scope === 'account' ? caller.account : undefined);
    if (account !== undefined && !mayAct(caller, account))
      throw new NotFoundException(`no account ${account}`);
    const cursor = after ? decodeCursor(after) : undefined;
    // soft entries past their expiry no longer suppress anything, so they are not listed either
    const now = this.clock.now();
    const rows = await this.store.list(this.ledger, { account, reason, address, limit, after: cursor, now });
    const last = rows[rows.length - 1];
    return {
      items: rows.map(entryView),
      next: rows.length === limit && last ? encodeCursor(last.account_id, last.email_normalized) : null,
    };
  }

  @Post()
  @ApiOperation({ summary: 'Add an address by hand (audited)' })
  async add(
    @Caller() caller: Principal,
    @ValidBody('BlacklistAdd') body: BlacklistAdd,
    @Res() reply: FastifyReply,
  ) {
    const { account, address } = body;
    const reason = body.reason!; // the schema's default, manual, is filled in
    if (!mayAct(caller, account)) throw new NotFoundException(`no account ${account}`);
    if (reason === 'unsubscribed') {
      throw new BadRequestException('/reason: `unsubscribed` is set only by the recipient');
    }
    const note = body.note?.slice(0, 500);
    const actor = caller.name;
    const created = await this.ledger.tx(async (sql) => {
      const added = await this.store.addMany(sql, [
        { account, address, reason, source: 'operator', diagnostic: note ?? null },
      ]);
      if (added.length)
        await this.store.audit(sql, { account, address, action: 'added', reason, note, actor });
      return added.length > 0;
    });
    const entry = await this.store.get(this.ledger, account, address);
    await reply.code(created ? 201 : 200).send({ ...entryView(entry!), created });
  }

  @Delete(':address')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Remove an entry (audited): the address can be sent to again. `unsubscribed` entries: 409',
  })
  async remove(
    @Caller() caller: Principal,
    @Param('address') address: string,
    @ValidQuery('BlacklistRemoveQuery') query: BlacklistRemoveQuery,
  ): Promise<void> {
    const { account, reason: why } = query;
    // another account's entry answers as a missing one
    if (!mayAct(caller, account))
      throw new NotFoundException(`${address} is not on the blacklist of ${account}`);
    await this.ledger.tx(async (sql) => {
      const entry = await this.store.get(sql, account, address);
      if (!entry) throw new NotFoundException(`${address} is not on the blacklist of ${account}`);
      if (entry.reason === 'unsubscribed') {
        throw new ConflictException(
          `${address} unsubscribed: the entry cannot be removed here. The contact must opt in again ` +
            '(for example by subscribing through a confirmed form); until then no campaign goes to them.',
        );
      }
      await this.store.remove(sql, account, address);
      await this.store.audit(sql, {
        account,
        address,
        action: 'removed',
        reason: entry.reason,
        note: why?.slice(0, 500),
        actor: caller.name,
        entry: entryView(entry),
      });
    });
  }
}

function entryView(e: BlacklistRow) {
  return {
    account: e.account_id,
    address: e.email_normalized,
    reason: e.reason,
    source: e.source,
    deliveryId: e.delivery_id,
    diagnostic: e.diagnostic,
    createdAt: new Date(e.created_at).toISOString(),
    // soft reasons only (repeated temporary failures): sent to again from then on
    expiresAt: e.expires_at ? new Date(e.expires_at).toISOString() : null,
  };
}

function encodeCursor(account: string, address: string): string {
  return Buffer.from(JSON.stringify([account, address])).toString('base64url');
}

function decodeCursor(cursor: string): { account: string; address: string } {
  try {
    const [account, address] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [
      string,
      string,
    ];
    if (typeof account !== 'string' || typeof address !== 'string') throw new Error('shape');
    return { account, address };
  } catch {
    throw new BadRequestException('after: not a cursor this API gave');
  }
}
