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
import { CampaignStore, SpamCheckStore, type Ledger } from '@postroom/ledger';
import { CLOCK, LEDGER, type Clock } from '@postroom/runtime';
import { ApiTokenGuard, Caller } from '../auth/api-token.guard';
import { mayAct, type Principal } from '../auth/principal';
import { spamCheckView } from './spam-check-view';

/** An operator releases a campaign the pre-send spam check held; audited with the token's name. */
@ApiTags('campaigns')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('v1/campaigns')
export class SpamHoldController {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly store: SpamCheckStore,
    private readonly campaigns: CampaignStore,
  ) {}

  @Post(':id/release')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Release a campaign held by the pre-send spam check (audited); 409 when it is not held',
  })
  async release(@Caller() caller: Principal, @Param('id') id: string) {
    const campaign = await this.campaigns.findById(this.ledger, id);
    if (!campaign || !mayAct(caller, campaign.account_id)) throw new NotFoundException(`no campaign ${id}`);
    const now = this.clock.now();
    const released = await this.ledger.tx((sql) => this.store.release(sql, id, caller.name, now));
    const check = await this.store.get(this.ledger, id);
    if (!released)
      throw new ConflictException(
        `campaign ${id} is not held by the spam check (${check ? `its check is ${check.status}` : 'it was not checked'})`,
      );
    return { id, spamCheck: spamCheckView(check!) };
  }
}
