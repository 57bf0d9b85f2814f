import {
  Controller,
  Get,
  Inject,
  NotFoundException,
  Query,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ConsoleStore, type Ledger } from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';
import type { FastifyReply } from 'fastify';
import { ConsoleAuthGuard, Session } from './console-auth.guard';
import { ConsoleExceptionFilter } from './console-exception.filter';
import type { ConsoleSession } from './console-sessions.service';
import { ConsoleViews } from './console-views';

const PAGE = 20;

/** Mail that is not campaigns: the quarantine (bounces that matched nothing) and the error notices. */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@UseGuards(ConsoleAuthGuard)
@Controller('console')
export class ConsoleMailController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly views: ConsoleViews,
    private readonly store: ConsoleStore,
  ) {}

  /** Operators only: quarantined mail belongs to no account. */
  @Get('quarantine')
  async quarantine(
    @Session() session: ConsoleSession,
    @Query('page') page: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    if (session.principal.scope !== 'operator')
      throw new NotFoundException('the quarantine is for operator tokens');
    const n = pageOf(page);
    const rows = await this.store.quarantine(this.ledger, PAGE + 1, n * PAGE);
    return this.views.send(reply, 'quarantine', session, {
      title: 'Quarantine',
      items: rows.slice(0, PAGE),
      ...links(n, rows.length > PAGE),
    });
  }

  @Get('notices')
  async notices(
    @Session() session: ConsoleSession,
    @Query('page') page: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const p = session.principal;
    const n = pageOf(page);
    const rows = await this.store.notices(
      this.ledger,
      p.scope === 'account' ? p.account : undefined,
      PAGE + 1,
      n * PAGE,
    );
    return this.views.send(reply, 'notices', session, {
      title: 'Notices',
      items: rows.slice(0, PAGE),
      ...links(n, rows.length > PAGE),
    });
  }
}

const pageOf = (page: string | undefined) => Math.max(0, Number.parseInt(page ?? '0', 10) || 0);
const links = (n: number, more: boolean) => ({
  prev: n > 0 ? `?page=${n - 1}` : null,
  next: more ? `?page=${n + 1}` : null,
});
