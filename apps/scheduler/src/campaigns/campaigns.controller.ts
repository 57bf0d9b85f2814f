import {
  BadRequestException,
  Controller,
  Get,
  HttpException,
  NotFoundException,
  Param,
  Post,
  Res,
  UseFilters,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CampaignExportQuery, CampaignListQuery, CampaignSubmission } from '@postroom/contracts';
import { CampaignStore, type Ledger } from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';
import { Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiTokenGuard, Caller } from '../auth/api-token.guard';
import { mayAct, type Principal } from '../auth/principal';
import { NdjsonBody } from '../validation/ndjson-body';
import { ValidBody, ValidQuery } from '../validation/schema.pipe';
import { CampaignRejected } from './campaign-rejected';
import { CampaignDeliverability } from './campaign-deliverability.service';
import { campaignView } from './campaign-view';
import { ContentRefusedFilter } from './content-refused.filter';
import { SegmentExportService } from './segment-export.service';
import { SubmitCampaignService } from './submit-campaign.service';

type Segment = NdjsonBody<'CampaignSubmissionHeader', 'Recipient' | 'SmsRecipient'>;

const SEGMENT = {
  header: 'CampaignSubmissionHeader',
  line: 'Recipient',
  lineFor: (header: unknown) =>
    (header as { channel?: string }).channel === 'sms' ? 'SmsRecipient' : 'Recipient',
} as const;

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
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly campaigns: CampaignStore,
    private readonly submitCampaign: SubmitCampaignService,
    private readonly segmentExport: SegmentExportService,
    private readonly deliverability: CampaignDeliverability,
  ) {}

  @Post()
  @UseFilters(ContentRefusedFilter)
  @ApiOperation({
    summary: 'Submit a campaign (same body as the campaign.submit message)',
    description:
      'JSON body as in the campaign.submit JSON Schema. For large segments send `application/x-ndjson`: ' +
      'the first line is the campaign without `recipients`, each further line one recipient; it is ' +
      'streamed into the ledger and never held in memory, and a bad line (400, with its number) ' +
      'stores nothing. 201 when created, 200 with the existing campaign when the idempotency key is known. ' +
      'Give `html` or `mjml` (exactly one). A template that cannot be sent (broken or huge HTML, scripts, ' +
      'MJML that does not compile) answers 422 with its problems and lines; so does one whose templateReport ' +
      'has errors under TEMPLATE_STRICT=true. ' +
      '`channel: "sms"` takes a `text` and recipients with a `phone` (400 naming a bad number; 422 when ' +
      'a personalised text needs more than 6 segments).',
  })
  async submit(
    @Caller() caller: Principal,
    @ValidBody('CampaignSubmission', { ndjson: SEGMENT })
    body: CampaignSubmission | Segment,
    @Res() reply: FastifyReply,
  ) {
    const outcome = await rejectedAsHttp(() =>
      body instanceof NdjsonBody ? this.submitSegment(caller, body) : this.submitJson(caller, body),
    );
    const counts = await this.campaigns.statusCounts(this.ledger, outcome.campaign.id);
    await reply
      .code(outcome.kind === 'created' ? 201 : 200)
      .send({ ...campaignView(outcome.campaign, counts), created: outcome.kind === 'created' });
  }

  @Get()
  @ApiOperation({ summary: 'Find campaigns of an account, optionally by idempotency key' })
  async list(@Caller() caller: Principal, @ValidQuery('CampaignListQuery') query: CampaignListQuery) {
    const account = query.account ?? (caller.scope === 'account' ? caller.account : undefined);
    if (!account) throw new BadRequestException('query parameter `account` is required');
    if (!mayAct(caller, account)) throw new NotFoundException(`no account ${account}`);
    const rows = await this.campaigns.list(this.ledger, account, query.idempotencyKey);
    return { items: rows.map((c) => campaignView(c)) };
  }

  @Get(':id')
  @ApiOperation({ summary: 'A campaign with its counts by delivery status' })
  async get(@Caller() caller: Principal, @Param('id') id: string) {
    const campaign = await this.visible(caller, id);
    const [counts, reads, more] = await Promise.all([
      this.campaigns.statusCounts(this.ledger, id),
      this.campaigns.readCounts(this.ledger, id),
      this.deliverability.of(id),
    ]);
    return campaignView(campaign, counts, reads, more.throttled, more.engagement, more.spamCheck);
  }

  @Get(':id/recipients')
  @ApiOperation({ summary: 'Stream the segment: email, name, status, reason, sent time, SMTP reply' })
  async recipients(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @ValidQuery('CampaignExportQuery') query: CampaignExportQuery,
    @Res() reply: FastifyReply,
  ) {
    const chosen = query.format!; // the schema's default, csv, is filled in
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

  private async submitJson(caller: Principal, body: CampaignSubmission) {
    const { recipients, ...header } = body;
    assertMayAct(caller, header.account);
    return this.submitCampaign.submit(header, recipients, 'api');
  }

  private async submitSegment(caller: Principal, segment: Segment) {
    const header = await segment.header();
    // before a single recipient line is read
    assertMayAct(caller, header.account);
    return this.submitCampaign.submit(header, segment.items(), 'api', () => `line ${segment.lineNumber}`);
  }
}

/** A campaign refused for its content: 400 or 422 with the problems, as the schema's 400 lists them. */
async function rejectedAsHttp<T>(submit: () => Promise<T>): Promise<T> {
  try {
    return await submit();
  } catch (err) {
    if (!(err instanceof CampaignRejected)) throw err;
    throw new HttpException(
      {
        statusCode: err.status,
        error: err.status === 400 ? 'Bad Request' : 'Unprocessable Entity',
        message: err.message,
      },
      err.status,
    );
  }
}

/** Submitting for an account the token does not cover answers as for an account that does not exist. */
function assertMayAct(caller: Principal, account: string): void {
  if (!mayAct(caller, account)) throw new NotFoundException(`no account ${account}`);
}
