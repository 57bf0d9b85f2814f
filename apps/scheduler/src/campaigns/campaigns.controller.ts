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
import { ApiTokenGuard } from '../auth/api-token.guard';
import { campaignView } from './campaign-view';
import { LineTooLong, ndjsonLines } from './ndjson-lines';
import { SegmentExportService, type ExportFormat } from './segment-export.service';
import { InvalidSegment, SubmitCampaignService } from './submit-campaign.service';

/** The operator API for campaigns: submit, look up, export the segment. */
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
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const outcome = (contentType ?? '').startsWith('application/x-ndjson')
      ? await this.submitNdjson(body as Readable)
      : await this.submitJson(body);
    const counts = await this.campaigns.statusCounts(this.ledger, outcome.campaign.id);
    await reply
      .code(outcome.kind === 'created' ? 201 : 200)
      .send({ ...campaignView(outcome.campaign, counts), created: outcome.kind === 'created' });
  }

  @Get()
  @ApiOperation({ summary: 'Find campaigns of an account, optionally by idempotency key' })
  @ApiQuery({ name: 'account', required: true })
  @ApiQuery({ name: 'idempotencyKey', required: false })
  async list(@Query('account') account?: string, @Query('idempotencyKey') key?: string) {
    if (!account) throw new BadRequestException('query parameter `account` is required');
    const res = await this.ledger.query(
      `select * from campaigns where account_id = $1 and ($2::text is null or idempotency_key = $2)
        order by created_at desc limit 100`,
      [account, key ?? null],
    );
    return { items: res.rows.map((c) => campaignView(c as Parameters<typeof campaignView>[0])) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A campaign with its counts by delivery status' })
  async get(@Param('id') id: string) {
    const campaign = await this.campaigns.findById(this.ledger, id);
    if (!campaign) throw new NotFoundException(`no campaign ${id}`);
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
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Res() reply: FastifyReply,
  ) {
    const chosen = (format ?? 'csv') as ExportFormat;
    if (chosen !== 'csv' && chosen !== 'ndjson')
      throw new BadRequestException('format must be csv or ndjson');
    const campaign = await this.campaigns.findById(this.ledger, id);
    if (!campaign) throw new NotFoundException(`no campaign ${id}`);
    await reply
      .header(
        'Content-Type',
        chosen === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      )
      .header('Content-Disposition', `attachment; filename="campaign-${id}.${chosen}"`)
      .send(this.segmentExport.stream(id, chosen));
  }

  private async submitJson(body: unknown) {
    const decoded = this.validator.validate('campaign.submit', body);
    if (!decoded.ok) throw new BadRequestException(decoded.reason);
    const { recipients, ...header } = decoded.payload;
    return this.submitCampaign.submit(header, recipients, 'api');
  }

  private async submitNdjson(stream: Readable) {
    try {
      return await this.streamSegment(stream);
    } catch (err) {
      if (err instanceof InvalidSegment || err instanceof LineTooLong)
        throw new BadRequestException(err.message);
      throw err;
    }
  }

  private async streamSegment(stream: Readable) {
    const lines = ndjsonLines(stream);
    const first = await lines.next();
    if (first.done) throw new InvalidSegment('empty body: the first line must be the campaign');
    const header = parseLine(first.value.line, first.value.number) as CampaignSubmit;
    const decoded = this.validator.validate('campaign.submit', { ...(header as object), recipients: [] });
    if (!decoded.ok) throw new InvalidSegment(`line ${first.value.number}: ${decoded.reason}`);
    const { recipients: _none, ...campaignHeader } = decoded.payload;
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

function parseLine(line: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new InvalidSegment(`line ${number}: not JSON`);
  }
}
