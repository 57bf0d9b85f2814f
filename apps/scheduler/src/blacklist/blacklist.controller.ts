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
import { BlacklistStore, type Ledger } from '@postroom/ledger';
import { CLOCK, LEDGER, type Clock } from '@postroom/runtime';
import type { FastifyReply } from 'fastify';
import { ApiTokenGuard, Caller } from '../auth/api-token.guard';
import { mayAct, type Principal } from '../auth/principal';
import { ValidBody, ValidQuery } from '../validation/schema.pipe';
import { BlacklistAdminService, entryView } from './blacklist-admin.service';

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
    private readonly admin: BlacklistAdminService,
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
    const reason = body.reason!; // the schema's default, manual, is filled in
    if (!mayAct(caller, body.account)) throw new NotFoundException(`no account ${body.account}`);
    const outcome = await this.admin.add({ ...body, reason }, caller.name);
    if (outcome.kind === 'refused') throw new BadRequestException(outcome.message);
    const created = outcome.kind === 'added';
    await reply.code(created ? 201 : 200).send({ ...entryView(outcome.entry), created });
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
    const outcome = await this.admin.remove(account, address, why, caller.name);
    if (outcome.kind === 'missing') throw new NotFoundException(outcome.message);
    if (outcome.kind === 'unsubscribed') throw new ConflictException(outcome.message);
  }
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
