import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  NotFoundException,
  Param,
  Post,
  Query,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { messageSchemas, type CampaignSubmit, type Recipient } from '@postroom/contracts';
import { CampaignStore, type CampaignHeader, type Ledger } from '@postroom/ledger';
import { MessageValidator } from '@postroom/messaging';
import { LEDGER } from '@postroom/runtime';
import { Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { isAccountId } from '../auth/api-token';
import { ApiTokenGuard, Caller } from '../auth/api-token.guard';
import { mayAct, type Principal } from '../auth/principal';
import { campaignView } from './campaign-view';
import { LineTooLong, ndjsonLines } from './ndjson-lines';
import { SegmentExportService, type ExportFormat } from './segment-export.service';
import { InvalidSegment, SubmitCampaignService } from './submit-campaign.service';

/**
 * The API for campaigns: submit, look up, export the segment. An account token acts on its own
 * account only: another account's campaigns answer 404, as if they did not exist, and so does
 * submitting for another account.
 */
@ApiTags('campaigns')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('v1/campaigns')
export class CampaignsController {
  private readonly validator = new MessageValidator();
  private readonly campaigns = new CampaignStore();

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly submitCampaign: SubmitCampaignService,
    private readonly segmentExport: SegmentExportService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Submit a campaign (same body as the campaign.submit message)',
    description:
      'JSON body as in the campaign.submit JSON Schema. For large segments send `application/x-ndjson`: ' +
      'the first line is the campaign without `recipients`, each further line one recipient; it is ' +
      'streamed into the ledger and never held in memory. 201 when created, 200 with the existing ' +
      'campaign when the idempotency key is known.',
  })
  @ApiBody({ schema: messageSchemas['campaign.submit'] as object })
  async submit(
    @Caller() caller: Principal,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const outcome = (contentType ?? '').startsWith('application/x-ndjson')
      ? await this.submitNdjson(caller, body as Readable)
      : await this.submitJson(caller, body);
    const counts = await this.campaigns.statusCounts(this.ledger, outcome.campaign.id);
    await reply
      .code(outcome.kind === 'created' ? 201 : 200)
      .send({ ...campaignView(outcome.campaign, counts), created: outcome.kind === 'created' });
  }

  @Get()
  @ApiOperation({ summary: 'Find campaigns of an account, optionally by idempotency key' })
  @ApiQuery({
    name: 'account',
    required: false,
    description: "required with an operator token; an account token's own by default",
  })
  @ApiQuery({ name: 'idempotencyKey', required: false })
  async list(
    @Caller() caller: Principal,
    @Query('account') requested?: string,
    @Query('idempotencyKey') key?: string,
  ) {
    const account = requested ?? (caller.scope === 'account' ? caller.account : undefined);
    if (!account) throw new BadRequestException('query parameter `account` is required');
    // a repeated parameter arrives as an array: one account, one key, or nothing
    if (
      typeof account !== 'string' ||
      !isAccountId(account) ||
      (key !== undefined && typeof key !== 'string')
    )
      throw new BadRequestException('account: one account id; idempotencyKey: at most one');
    if (!mayAct(caller, account)) throw new NotFoundException(`no account ${account}`);
    const rows = await this.campaigns.list(this.ledger, account, key);
    return { items: rows.map((c) => campaignView(c)) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A campaign with its counts by delivery status' })
  async get(@Caller() caller: Principal, @Param('id') id: string) {
    const campaign = await this.visible(caller, id);
    const [counts, reads] = await Promise.all([
      this.campaigns.statusCounts(this.ledger, id),
      this.campaigns.readCounts(this.ledger, id),
    ]);
    return campaignView(campaign, counts, reads);
  }

  @Get(':id/recipients')
  @ApiOperation({ summary: 'Stream the segment: email, name, status, reason, sent time, SMTP reply' })
  @ApiQuery({ name: 'format', enum: ['csv', 'ndjson'], required: false })
  async recipients(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const chosen = (format ?? 'csv') as ExportFormat;
    if (chosen !== 'csv' && chosen !== 'ndjson')
      throw new BadRequestException('format must be csv or ndjson');
    await this.visible(caller, id);
    await reply
      .header(
        'Content-Type',
        chosen === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      )
      .header('Content-Disposition', `attachment; filename="campaign-${id}.${chosen}"`)
      .send(this.segmentExport.stream(id, chosen));
  }

  /** The campaign, when it exists and the caller may see it; 404 alike otherwise. */
  private async visible(caller: Principal, id: string) {
    const campaign = await this.campaigns.findById(this.ledger, id);
    if (!campaign || !mayAct(caller, campaign.account_id)) throw new NotFoundException(`no campaign ${id}`);
    return campaign;
  }

  private async submitJson(caller: Principal, body: unknown) {
    const decoded = this.validator.validate('campaign.submit', body);
    if (!decoded.ok) throw new BadRequestException(decoded.reason);
    const { recipients, ...header } = decoded.payload;
    assertMayAct(caller, header.account);
    return this.submitCampaign.submit(header, recipients, 'api');
  }

  private async submitNdjson(caller: Principal, stream: Readable) {
    try {
      return await this.streamSegment(caller, stream);
    } catch (err) {
      if (err instanceof InvalidSegment || err instanceof LineTooLong)
        throw new BadRequestException(err.message);
      throw err;
    }
  }

  private async streamSegment(caller: Principal, stream: Readable) {
    const lines = ndjsonLines(stream);
    const first = await lines.next();
    if (first.done) throw new InvalidSegment('empty body: the first line must be the campaign');
    const header = parseLine(first.value.line, first.value.number) as CampaignSubmit;
    const decoded = this.validator.validate('campaign.submit', { ...(header as object), recipients: [] });
    if (!decoded.ok) throw new InvalidSegment(`line ${first.value.number}: ${decoded.reason}`);
    const { recipients: _none, ...campaignHeader } = decoded.payload;
    // before a single recipient line is read
    assertMayAct(caller, campaignHeader.account);
    const validator = this.validator;
    async function* recipients(): AsyncGenerator<Recipient> {
      for await (const { line, number } of lines) {
        const r = validator.validateRecipient(parseLine(line, number));
        if (!r.ok) throw new InvalidSegment(`line ${number}: ${r.reason}`);
        yield r.payload;
      }
    }
    return this.submitCampaign.submit(campaignHeader as CampaignHeader, recipients(), 'api');
  }
}

/** Submitting for an account the token does not cover answers as for an account that does not exist. */
function assertMayAct(caller: Principal, account: string): void {
  if (!mayAct(caller, account)) throw new NotFoundException(`no account ${account}`);
}

function parseLine(line: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new InvalidSegment(`line ${number}: not JSON`);
  }
}
