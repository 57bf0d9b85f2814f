import {
  BadRequestException,
  Body,
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
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OperatorGuard } from '../auth/api-token.guard';
import { BOOTSTRAP_NAME } from '../auth/principal';
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
  @ApiBody({
    schema: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', description: 'what audit trails record for its actions; unique for good' },
        account: { type: 'string' },
        scope: { type: 'string', enum: ['operator', 'account'] },
      },
    },
  })
  async create(@Body() body: unknown) {
    const outcome = await this.tokens.create(parseRequest(body));
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

function parseRequest(body: unknown): TokenRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body))
    throw new BadRequestException('body must be a JSON object');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).filter((k) => !['name', 'account', 'scope'].includes(k));
  if (unknown.length) throw new BadRequestException(`unknown field(s): ${unknown.join(', ')}`);
  if (typeof b.name !== 'string') throw new BadRequestException('name is required (a string)');
  const scope = b.scope ?? (b.account === undefined ? undefined : 'account');
  if (scope === 'operator' && b.account === undefined) return { name: b.name, scope: 'operator' };
  if (scope === 'account' && typeof b.account === 'string')
    return { name: b.name, scope, account: b.account };
  throw new BadRequestException('give either `account` (an account token) or `scope: "operator"`');
}
