import type { Sql } from '../ledger';

export type TokenScope = 'operator' | 'account';

export interface ApiTokenRow {
  name: string;
  scope: TokenScope;
  account_id: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

export interface NewApiToken {
  name: string;
  scope: TokenScope;
  accountId: string | null;
  /** Hex SHA-256 of the token; the token itself is never stored. */
  tokenHash: string;
}

const COLUMNS = 'name, scope, account_id, created_at, revoked_at';

/** The API's tokens, by the hash of their value. Times come from the caller's clock. */
export class ApiTokenStore {
  /** Stores the token; undefined when its name is taken (by a live or a revoked token). */
  async create(sql: Sql, token: NewApiToken, now: Date): Promise<ApiTokenRow | undefined> {
    const res = await sql.query<ApiTokenRow>(
      `insert into api_tokens (name, scope, account_id, token_hash, created_at) values ($1, $2, $3, $4, $5)
       on conflict (name) do nothing returning ${COLUMNS}`,
      [token.name, token.scope, token.accountId, token.tokenHash, now],
    );
    return res.rows[0];
  }

  /** The live token with this hash; one indexed look-up per API request. */
  async findLive(sql: Sql, tokenHash: string): Promise<ApiTokenRow | undefined> {
    const res = await sql.query<ApiTokenRow>(
      `select ${COLUMNS} from api_tokens where token_hash = $1 and revoked_at is null`,
      [tokenHash],
    );
    return res.rows[0];
  }

  async list(sql: Sql): Promise<ApiTokenRow[]> {
    const res = await sql.query<ApiTokenRow>(`select ${COLUMNS} from api_tokens order by name`);
    return res.rows;
  }

  /** Revokes the token named so; `revoked` also when it already was (idempotent). */
  async revoke(sql: Sql, name: string, now: Date): Promise<'revoked' | 'unknown'> {
    const res = await sql.query(
      `update api_tokens set revoked_at = coalesce(revoked_at, $2) where name = $1`,
      [name, now],
    );
    return (res.rowCount ?? 0) > 0 ? 'revoked' : 'unknown';
  }
}
