import { Controller, Get, NotFoundException, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccountAdminService } from '../accounts/account-admin.service';
import { ApiTokenGuard, Caller } from '../auth/api-token.guard';
import { mayAct, type Principal } from '../auth/principal';
import { ComplianceService } from './compliance.service';

/** The bulk-sender compliance report of an account; an account token sees its own only (404 otherwise). */
@ApiTags('accounts')
@ApiBearerAuth()
@UseGuards(ApiTokenGuard)
@Controller('v1/accounts')
export class ComplianceController {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly accounts: AccountAdminService,
  ) {}

  @Get(':id/compliance')
  @ApiOperation({
    summary:
      'Per From domain: SPF (and the sending IP in direct mode), DKIM key vs the configured one, DMARC policy and alignment, PTR, one-click unsubscribe, complaint rate over 7 and 30 days; each pass, warn or fail with what to do',
  })
  async get(@Caller() caller: Principal, @Param('id') id: string) {
    if (!mayAct(caller, id) || !(await this.accounts.view(id)))
      throw new NotFoundException(`no account ${id}`);
    return this.compliance.report(id);
  }
}
