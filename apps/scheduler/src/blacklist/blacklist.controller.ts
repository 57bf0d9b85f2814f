import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { BlacklistStore, type BlacklistRow, type Ledger } from '@postroom/ledger';
import { MessageValidator } from '@postroom/messaging';
import { LEDGER } from '@postroom/runtime';
import type { FastifyReply } from 'fastify';
import { refuseActorField } from '../auth/actor-field';
import { ApiTokenGuard, Caller } from '../auth/api-token.guard';
import { mayAct, type Principal } from '../auth/principal';

const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const REASON = /^[a-z][a-z0-9_-]{0,39}$/;

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
  private readonly store = new BlacklistStore();
  private readonly validator = new MessageValidator();

  constructor(@Inject(LEDGER) private readonly ledger: Ledger) {}

  @Get()
  @ApiOperation({ summary: 'List entries (filter by account, reason, address; paged by `after`)' })
  @ApiQuery({ name: 'account', required: false, description: "an account token's own by default" })
  @ApiQuery({ name: 'reason', required: false })
  @ApiQuery({ name: 'address', required: false, description: 'the address or a part of it' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 1000, default 100' })
  @ApiQuery({ name: 'after', required: false, description: 'the `next` cursor of the previous page' })
  async list(
    @Caller() caller: Principal,
    @Query('account') requested?: string,
    @Query('reason') reason?: string,
    @Query('address') address?: string,
    @Query('limit') limitText?: string,
    @Query('after') after?: string,
  ) {
    if (requested !== undefined && !ACCOUNT_ID.test(requested))
      throw new BadRequestException('account: invalid id');
    const account = requested ?? (caller.scope === 'account' ? caller.account : undefined);
    if (account !== undefined && !mayAct(caller, account))
      throw new NotFoundException(`no account ${account}`);
    if (reason !== undefined && !REASON.test(reason))
      throw new BadRequestException('reason: lower-case word');
    const limit = limitText === undefined ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw new BadRequestException('limit: an integer from 1 to 1000');
    const cursor = after ? decodeCursor(after) : undefined;
    const rows = await this.store.list(this.ledger, { account, reason, address, limit, after: cursor });
    const last = rows[rows.length - 1];
    return {
      items: rows.map(entryView),
      next: rows.length === limit && last ? encodeCursor(last.account_id, last.email_normalized) : null,
    };
  }

  @Post()
  @ApiOperation({ summary: 'Add an address by hand (audited)' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['account', 'address'],
      properties: {
        account: { type: 'string' },
        address: { type: 'string', format: 'email' },
        reason: { type: 'string', default: 'manual' },
        note: { type: 'string' },
      },
    },
  })
  async add(@Caller() caller: Principal, @Body() body: unknown, @Res() reply: FastifyReply) {
    const b = objectBody(body);
    refuseActorField(b);
    const account = stringField(b, 'account');
    const address = stringField(b, 'address');
    if (!ACCOUNT_ID.test(account)) throw new BadRequestException('account: invalid id');
    if (!mayAct(caller, account)) throw new NotFoundException(`no account ${account}`);
    const check = this.validator.validateRecipient({ email: address });
    if (!check.ok) throw new BadRequestException(`address: ${check.reason.replace(/^schema: \/email /, '')}`);
    const reason = b.reason === undefined ? 'manual' : stringField(b, 'reason');
    if (!REASON.test(reason) || reason === 'unsubscribed') {
      throw new BadRequestException('reason: a lower-case word; `unsubscribed` is set only by the recipient');
    }
    const note = typeof b.note === 'string' ? b.note.slice(0, 500) : undefined;
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
  @ApiQuery({ name: 'account', required: true })
  @ApiQuery({ name: 'reason', required: false, description: 'why it is removed, for the audit trail' })
  async remove(
    @Caller() caller: Principal,
    @Param('address') address: string,
    @Query() query: Record<string, string | undefined>,
  ): Promise<void> {
    refuseActorField(query);
    const { account, reason: why } = query;
    if (!account || !ACCOUNT_ID.test(account))
      throw new BadRequestException('query parameter `account` is required');
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
  };
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new BadRequestException('body must be a JSON object');
  return body as Record<string, unknown>;
}

function stringField(b: Record<string, unknown>, name: string): string {
  const v = b[name];
  if (typeof v !== 'string' || v.trim() === '')
    throw new BadRequestException(`${name} is required (a string)`);
  return v.trim();
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
