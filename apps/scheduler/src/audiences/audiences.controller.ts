import {
  Controller,
  ForbiddenException,
  Get,
  NotFoundException,
  Param,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { AudienceQuery } from '@postroom/contracts';
import { CampaignStore, type Ledger } from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';
import { Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiTokenGuard, Caller } from '../auth/api-token.guard';
import { mayAct, type Principal } from '../auth/principal';
import { ValidQuery } from '../validation/schema.pipe';
import { AudienceExportService, type AudienceExport } from './audience-export.service';

/** The header that says how many contacts were left out, sent before the body. */
export const EXCLUDED_HEADER = 'X-Postroom-Excluded';

const DESCRIPTION =
  'Streams the CSV that Google Ads Customer Match (`format=google`: Email, Phone; SHA-256 hex of the ' +
  'trimmed, lower-cased address) or Meta Custom Audiences (`format=meta`: email, phone) imports. ' +
  'Blacklisted and unsubscribed contacts are left out; the `X-Postroom-Excluded` header says how many. ' +
  '`include=all` puts them back and needs an operator token (403 otherwise).';

const CSV_RESPONSE = {
  status: 200,
  description: 'The audience CSV, streamed',
  headers: {
    [EXCLUDED_HEADER]: {
      description:
        'Blacklisted and unsubscribed contacts left out (0 with include=all), counted before the body',
      schema: { type: 'integer' as const },
    },
  },
};

/** Advertising audiences (issue 13 §4): a campaign's segment, or every contact an account has sent to. */
@ApiTags('audiences')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('v1')
export class AudiencesController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly campaigns: CampaignStore,
    private readonly audiences: AudienceExportService,
  ) {}

  @Get('campaigns/:id/audience')
  @ApiProduces('text/csv')
  @ApiResponse(CSV_RESPONSE)
  @ApiOperation({
    summary: "A campaign's recipients as an ad platform's hashed audience CSV",
    description: DESCRIPTION,
  })
  async campaign(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @ValidQuery('AudienceQuery') query: AudienceQuery,
    @Res() reply: FastifyReply,
  ) {
    const includeAll = mayIncludeAll(caller, query);
    const campaign = await this.campaigns.findById(this.ledger, id);
    if (!campaign || !mayAct(caller, campaign.account_id)) throw new NotFoundException(`no campaign ${id}`);
    const audience = await this.audiences.campaign(id, query.format, includeAll);
    if (!audience) throw new NotFoundException(`no campaign ${id}`);
    await send(reply, audience, `campaign-${id}-${query.format}.csv`);
  }

  @Get('accounts/:id/audience')
  @ApiProduces('text/csv')
  @ApiResponse(CSV_RESPONSE)
  @ApiOperation({
    summary: 'Every contact an account has sent to, distinct, as an ad platform’s hashed audience CSV',
    description: DESCRIPTION,
  })
  async account(
    @Caller() caller: Principal,
    @Param('id') id: string,
    @ValidQuery('AudienceQuery') query: AudienceQuery,
    @Res() reply: FastifyReply,
  ) {
    const includeAll = mayIncludeAll(caller, query);
    if (!mayAct(caller, id)) throw new NotFoundException(`no account ${id}`);
    const audience = await this.audiences.account(id, query.format, includeAll);
    if (!audience) throw new NotFoundException(`no account ${id}`);
    await send(reply, audience, `account-${id}-${query.format}.csv`);
  }
}

/** `include=all` hands over people who asked not to be contacted: operators only. */
function mayIncludeAll(caller: Principal, query: AudienceQuery): boolean {
  if (query.include !== 'all') return false;
  if (caller.scope !== 'operator') {
    throw new ForbiddenException(
      'include=all (blacklisted and unsubscribed contacts) needs an operator token',
    );
  }
  return true;
}

async function send(reply: FastifyReply, audience: AudienceExport, filename: string): Promise<void> {
  await reply
    .header('Content-Type', 'text/csv; charset=utf-8')
    .header('Content-Disposition', `attachment; filename="${filename}"`)
    .header(EXCLUDED_HEADER, String(audience.excluded))
    .header('Access-Control-Expose-Headers', EXCLUDED_HEADER)
    .send(audience.csv);
}
