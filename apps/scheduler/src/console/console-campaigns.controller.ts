import {
  ConflictException,
  Controller,
  Get,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AudienceExportService } from '../audiences/audience-export.service';
import { CampaignControlService, type ControlAction } from '../campaigns/campaign-control.service';
import { campaignView } from '../campaigns/campaign-view';
import { SegmentExportService } from '../campaigns/segment-export.service';
import { ConsoleAuthGuard, Session } from './console-auth.guard';
import { ConsoleExceptionFilter } from './console-exception.filter';
import type { ConsoleSession } from './console-sessions.service';
import { ConsoleViews } from './console-views';
import { CampaignBoard } from './campaign-board.service';

const PAGE = 25;
const STATES = ['running', 'paused', 'cancelled'];
const ACTIONS: ControlAction[] = ['pause', 'resume', 'cancel'];

/** Campaigns: the list, one campaign's counts (live), its exports, pause, resume and cancel. */
@ApiExcludeController()
@UseFilters(ConsoleExceptionFilter)
@UseGuards(ConsoleAuthGuard)
@Controller('console/campaigns')
export class ConsoleCampaignsController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly board: CampaignBoard,
    private readonly control: CampaignControlService,
    private readonly segmentExport: SegmentExportService,
    private readonly audiences: AudienceExportService,
  ) {}

  @Get()
  async list(
    @Session() session: ConsoleSession,
    @Query() query: Record<string, string | undefined>,
    @Res() reply: FastifyReply,
  ) {
    const p = session.principal;
    const account = p.scope === 'account' ? p.account : query.account?.trim() || undefined;
    const state = STATES.includes(query.status ?? '') ? query.status : undefined;
    const page = Math.max(0, Number.parseInt(query.page ?? '0', 10) || 0);
    const rows = await this.board.list({ account, state, limit: PAGE + 1, offset: page * PAGE });
    const items = rows.slice(0, PAGE);
    const accounts = p.scope === 'operator' ? await this.board.accounts() : [];
    const filter = `account=${encodeURIComponent(account ?? '')}&status=${state ?? ''}`;
    return this.views.send(reply, 'campaigns', session, {
      title: 'Campaigns',
      items,
      account,
      state,
      states: STATES.map((s) => ({ value: s, selected: s === state })),
      accounts: accounts.map((a) => ({ id: a.id, selected: a.id === account })),
      operator: p.scope === 'operator',
      prev: page > 0 ? `?${filter}&page=${page - 1}` : null,
      next: rows.length > PAGE ? `?${filter}&page=${page + 1}` : null,
    });
  }

  @Get(':id')
  async detail(@Session() session: ConsoleSession, @Param('id') id: string, @Res() reply: FastifyReply) {
    const campaign = await this.board.visible(session.principal, id);
    const view = campaignView(campaign);
    return this.views.send(reply, 'campaign', session, {
      title: `Campaign ${campaign.subject}`,
      campaign: view,
      live: await this.board.live(campaign),
      findings: findingsOf(view.templateReport),
      actions: ACTIONS.filter((a) => allowed(campaign.state, a)),
      audit: await this.board.trail(id),
    });
  }

  /** The counts alone, for htmx to swap in while the campaign moves. */
  @Get(':id/counts')
  async counts(@Session() session: ConsoleSession, @Param('id') id: string, @Res() reply: FastifyReply) {
    const campaign = await this.board.visible(session.principal, id);
    return reply
      .type('text/html; charset=utf-8')
      .send(this.views.render('campaign-counts', { live: await this.board.live(campaign) }));
  }

  @Get(':id/export')
  async export(
    @Session() session: ConsoleSession,
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    await this.board.visible(session.principal, id);
    const chosen = format === 'ndjson' ? 'ndjson' : 'csv';
    return reply
      .type(chosen === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="campaign-${id}.${chosen}"`)
      .send(this.segmentExport.stream(id, chosen));
  }

  /** The advertising audience (hashed), without blacklisted or unsubscribed contacts. */
  @Get(':id/audience')
  async audience(
    @Session() session: ConsoleSession,
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    await this.board.visible(session.principal, id);
    const platform = format === 'meta' ? 'meta' : 'google';
    const audience = await this.audiences.campaign(id, platform, false);
    if (!audience) throw new NotFoundException(`no campaign ${id}`);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="campaign-${id}-${platform}.csv"`)
      .send(audience.csv);
  }

  @Post(':id/:action')
  async act(
    @Session() session: ConsoleSession,
    @Param('id') id: string,
    @Param('action') action: string,
    @Res() reply: FastifyReply,
  ) {
    if (!ACTIONS.includes(action as ControlAction)) throw new NotFoundException(`no action ${action}`);
    await this.board.visible(session.principal, id);
    const outcome = await this.control.apply(id, action as ControlAction, session.principal.name);
    if (outcome.kind === 'conflict') throw new ConflictException(outcome.message);
    return reply.code(303).header('location', `/console/campaigns/${id}`).send();
  }
}

function allowed(state: string, action: ControlAction): boolean {
  if (action === 'pause') return state === 'running';
  if (action === 'resume') return state === 'paused';
  return state !== 'cancelled';
}

/** The template findings, whatever their exact shape: a list of texts, each escaped by the view. */
function findingsOf(report: unknown): string[] | undefined {
  if (report === undefined || report === null) return undefined;
  const list = Array.isArray(report)
    ? report
    : ((report as { findings?: unknown[]; issues?: unknown[] }).findings ??
      (report as { issues?: unknown[] }).issues ?? [report]);
  return list.map((f) => {
    if (typeof f === 'string') return f;
    const { severity, element, message } = f as { severity?: string; element?: string; message?: string };
    if (!message) return JSON.stringify(f);
    return [severity, element].filter(Boolean).join(', ') + (severity || element ? ': ' : '') + message;
  });
}
