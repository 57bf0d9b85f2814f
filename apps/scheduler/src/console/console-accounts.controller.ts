import {
  Body,
  ConflictException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AccountAdminService, AccountNotBlocked, AccountNotFound } from '../accounts/account-admin.service';
import { mayAct } from '../auth/principal';
import { CampaignBoard } from './campaign-board.service';
import { ConsoleAuthGuard, Session } from './console-auth.guard';
import { ConsoleExceptionFilter } from './console-exception.filter';
import type { ConsoleSession } from './console-sessions.service';
import { ConsoleViews } from './console-views';
import { limitChart } from './limit-chart';

/** Accounts: today's limit and its use, the planned days, the limit history as a chart, unblock. */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@UseGuards(ConsoleAuthGuard)
@Controller('console/accounts')
export class ConsoleAccountsController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly accounts: AccountAdminService,
    private readonly board: CampaignBoard,
  ) {}

  @Get()
  async list(@Session() session: ConsoleSession, @Res() reply: FastifyReply) {
    const p = session.principal;
    if (p.scope === 'account')
      return reply
        .code(303)
        .header('location', `/console/accounts/${encodeURIComponent(p.account)}`)
        .send();
    const items = await this.board.accounts();
    return this.views.send(reply, 'accounts', session, { title: 'Accounts', items });
  }

  @Get(':id')
  async detail(@Session() session: ConsoleSession, @Param('id') id: string, @Res() reply: FastifyReply) {
    const view = await this.visible(session, id);
    const history = await this.accounts.history(id);
    return this.views.send(reply, 'account', session, {
      title: `Account ${id}`,
      account: view,
      blocked: view.status === 'blocked',
      history: history.map((h) => ({ ...h, figuresText: h.figures ? JSON.stringify(h.figures) : '' })),
      chart: limitChart(history),
    });
  }

  @Post(':id/unblock')
  async unblock(
    @Session() session: ConsoleSession,
    @Param('id') id: string,
    @Body() body: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    await this.visible(session, id);
    const given = typeof body?.reason === 'string' ? body.reason.trim().slice(0, 500) : '';
    if (!given)
      throw new ConflictException('say why the account may send again (the reason is kept in its history)');
    try {
      await this.accounts.unblock(id, session.principal.name, given);
    } catch (err) {
      if (err instanceof AccountNotFound) throw new NotFoundException(err.message);
      if (err instanceof AccountNotBlocked) throw new ConflictException(err.message);
      throw err;
    }
    return reply
      .code(303)
      .header('location', `/console/accounts/${encodeURIComponent(id)}`)
      .send();
  }

  private async visible(session: ConsoleSession, id: string) {
    const view = mayAct(session.principal, id) ? await this.accounts.view(id) : undefined;
    if (!view) throw new NotFoundException(`no account ${id}`);
    return view;
  }
}
