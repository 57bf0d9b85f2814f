import {
  BadRequestException,
  ConflictException,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TokenCreate } from '@postroom/contracts';
import { OperatorGuard } from '../auth/api-token.guard';
import { BOOTSTRAP_NAME } from '../auth/principal';
import { ValidBody } from '../validation/schema.pipe';
import { TokenAdmin, tokenView, type TokenRequest } from './token-admin';

/** API tokens, for operators only: the value is in the creation's answer and nowhere else. */
@ApiTags('tokens')
@ApiBearerAuth()
@UseGuards(OperatorGuard)
@Controller('v1/tokens')
export class TokensController {
  constructor(@Inject(TokenAdmin) private readonly tokens: TokenAdmin) {}

  @Post()
  @ApiOperation({
    summary: 'Make a token for one account (`account`) or for operators (`scope: "operator"`); shown once',
  })
  async create(@ValidBody('TokenCreate') body: TokenCreate) {
    const outcome = await this.tokens.create(tokenRequest(body));
    if (outcome.kind === 'invalid') throw new BadRequestException(outcome.reason);
    if (outcome.kind === 'name-taken')
      throw new ConflictException('a token of that name exists (or existed)');
    return { ...tokenView(outcome.row), token: outcome.token };
  }

  @Get()
  @ApiOperation({ summary: 'Every token made in the ledger, revoked ones too (no values)' })
  async list() {
    return { items: (await this.tokens.list()).map(tokenView) };
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a token: its next request gets 401' })
  async revoke(@Param('name') name: string): Promise<void> {
    if (name === BOOTSTRAP_NAME)
      throw new ConflictException('the bootstrap token is POSTROOM_API_TOKEN: change it in the environment');
    if ((await this.tokens.revoke(name)) === 'unknown') throw new NotFoundException(`no token ${name}`);
  }
}

/** Which kind of token: `account` makes an account token, `scope: "operator"` (and no account) an operator's. */
function tokenRequest({ name, account, scope }: TokenCreate): TokenRequest {
  const kind = scope ?? (account === undefined ? undefined : 'account');
  if (kind === 'operator' && account === undefined) return { name, scope: kind };
  if (kind === 'account' && account !== undefined) return { name, scope: kind, account };
  throw new BadRequestException('give either `account` (an account token) or `scope: "operator"`');
}
