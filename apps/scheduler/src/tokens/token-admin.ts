import { ApiTokenStore, type ApiTokenRow, type Sql } from '@postroom/ledger';
import type { Clock } from '@postroom/runtime';
import { isAccountId, isTokenName, newTokenValue, tokenDigest } from '../auth/api-token';
import { BOOTSTRAP_NAME } from '../auth/principal';

export type TokenRequest =
  { name: string; scope: 'operator' } | { name: string; scope: 'account'; account: string };

export type Created =
  | { kind: 'created'; token: string; row: ApiTokenRow }
  | { kind: 'invalid'; reason: string }
  | { kind: 'name-taken' };

/**
 * Makes, lists and revokes API tokens, for the operator API and `npm run token` alike. The value
 * leaves here once, in the `created` outcome; the ledger keeps only its hash.
 */
export class TokenAdmin {
  constructor(
    private readonly sql: Sql,
    private readonly store: ApiTokenStore,
    private readonly clock: Clock,
  ) {}

  async create(request: TokenRequest): Promise<Created> {
    if (!isTokenName(request.name)) {
      return {
        kind: 'invalid',
        reason: 'name: 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
      };
    }
    if (request.name === BOOTSTRAP_NAME) {
      return { kind: 'invalid', reason: `name: "${BOOTSTRAP_NAME}" is POSTROOM_API_TOKEN's` };
    }
    if (request.scope === 'account' && !isAccountId(request.account)) {
      return { kind: 'invalid', reason: 'account: letters, digits, ".", "_" and "-", at most 100' };
    }
    const token = newTokenValue();
    const row = await this.store.create(
      this.sql,
      {
        name: request.name,
        scope: request.scope,
        accountId: request.scope === 'account' ? request.account : null,
        tokenHash: tokenDigest(token).toString('hex'),
      },
      this.clock.now(),
    );
    return row ? { kind: 'created', token, row } : { kind: 'name-taken' };
  }

  list(): Promise<ApiTokenRow[]> {
    return this.store.list(this.sql);
  }

  revoke(name: string): Promise<'revoked' | 'unknown'> {
    return this.store.revoke(this.sql, name, this.clock.now());
  }
}

/** A token as the API and the CLI show it (never its value or hash). */
export function tokenView(row: ApiTokenRow) {
  return {
    name: row.name,
    scope: row.scope,
    account: row.account_id,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}
