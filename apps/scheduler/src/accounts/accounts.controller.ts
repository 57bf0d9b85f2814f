import {
  BadRequestException,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  Post,
  Put,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AccountSettings, AccountUnblock } from '@postroom/contracts';
import type { FastifyReply } from 'fastify';
import { ApiTokenGuard, Caller } from '../auth/api-token.guard';
import { mayAct, type Principal } from '../auth/principal';
import { ValidBody } from '../validation/schema.pipe';
import {
  AccountAdminService,
  AccountNotBlocked,
  AccountNotFound,
  InvalidAccountSettings,
} from './account-admin.service';
import { AccountDkim } from './account-dkim';

const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

/**
 * Sending accounts: limit, time zone, where today's quota stands, limit history, unblock. An
 * account token sees and changes its own account only (any other answers 404); the limit
 * history records the token's name as the actor.
 */
@ApiTags('accounts')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('v1/accounts')
export class AccountsController {
  constructor(
    private readonly accounts: AccountAdminService,
    private readonly dkim: AccountDkim,
  ) {}

  @Put(':id')
  @ApiOperation({ summary: 'Create or change an account (daily limit, IANA time zone)' })
  async put(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @ValidBody('AccountSettings') settings: AccountSettings,
    @Res() reply: FastifyReply,
  ) {
    checkAccess(caller, id);
    try {
      const { created } = await this.accounts.put(id, settings, caller.name);
      await reply.code(created ? 201 : 200).send(await this.accounts.view(id));
    } catch (err) {
      if (err instanceof InvalidAccountSettings) throw new BadRequestException(err.message);
      throw err;
    }
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Limit, used, remaining, deferred and the planned days of an account; DKIM per From domain',
  })
  async get(@Caller() caller: Principal, @Param('id') id: string) {
    checkAccess(caller, id);
    const view = await this.accounts.view(id);
    if (!view) throw new NotFoundException(`no account ${id}`);
    return { ...view, dkim: await this.dkim.of(id) };
  }

  @Get(':id/limit-history')
  @ApiOperation({ summary: 'Every change of the limit or status, with the rule and the figures behind it' })
  async history(@Caller() caller: Principal, @Param('id') id: string) {
    checkAccess(caller, id);
    if (!(await this.accounts.view(id))) throw new NotFoundException(`no account ${id}`);
    return { items: await this.accounts.history(id) };
  }

  @Post(':id/unblock')
  @HttpCode(200)
  @ApiOperation({ summary: 'Lift a block (audited): held deliveries return to the queue' })
  async unblock(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @ValidBody('AccountUnblock', { optional: true }) body: AccountUnblock,
  ) {
    checkAccess(caller, id);
    const reason = body.reason?.trim().slice(0, 500) || 'unblocked by an operator';
    try {
      await this.accounts.unblock(id, caller.name, reason);
    } catch (err) {
      if (err instanceof AccountNotFound) throw new NotFoundException(err.message);
      if (err instanceof AccountNotBlocked) throw new ConflictException(err.message);
      throw err;
    }
    return this.accounts.view(id);
  }
}

/** A valid id the caller may act on; another account's answers as an unknown one. */
function checkAccess(caller: Principal, id: string): void {
  if (!ACCOUNT_ID.test(id))
    throw new BadRequestException('account id: letters, digits, ".", "_" and "-", at most 100');
  if (!mayAct(caller, id)) throw new NotFoundException(`no account ${id}`);
}
