import {
  ConflictException,
  Controller,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CampaignStore, type Ledger } from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';
import { ApiTokenGuard, Caller } from '../auth/api-token.guard';
import { mayAct, type Principal } from '../auth/principal';
import { CampaignControlService, type ControlAction } from './campaign-control.service';

/**
 * Pause, resume and cancel over the API (the console has the same buttons). Another account's
 * campaign answers 404; a move the campaign's state does not allow, 409.
 */
@ApiTags('campaigns')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('v1/campaigns')
export class CampaignControlController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly campaigns: CampaignStore,
    private readonly control: CampaignControlService,
  ) {}

  @Post(':id/pause')
  @HttpCode(200)
  @ApiOperation({ summary: 'Pause (audited): its deliveries wait and use no quota until resumed' })
  pause(@Caller() caller: Principal, @Param('id') id: string) {
    return this.apply(caller, id, 'pause');
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resume a paused campaign (audited)' })
  resume(@Caller() caller: Principal, @Param('id') id: string) {
    return this.apply(caller, id, 'resume');
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel (audited): every delivery not yet sent ends as `cancelled`' })
  cancel(@Caller() caller: Principal, @Param('id') id: string) {
    return this.apply(caller, id, 'cancel');
  }

  private async apply(caller: Principal, id: string, action: ControlAction) {
    const campaign = await this.campaigns.findById(this.ledger, id);
    if (!campaign || !mayAct(caller, campaign.account_id)) throw new NotFoundException(`no campaign ${id}`);
    const outcome = await this.control.apply(id, action, caller.name);
    if (outcome.kind === 'conflict') throw new ConflictException(outcome.message);
    return { id, state: outcome.state, cancelled: outcome.cancelled };
  }
}
