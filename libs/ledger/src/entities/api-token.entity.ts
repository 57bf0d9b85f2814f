import { Check, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A token of the operator API: its scope (every account, or one) and the name audit trails
 * record for what it did. Only the token's SHA-256 is kept; the token is shown once, when made.
 */
@Entity({ tableName: 'api_tokens' })
@Check({
  name: 'api_tokens_scope_check',
  expression: `(scope = 'operator' and account_id is null) or (scope = 'account' and account_id is not null)`,
})
export class ApiToken {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  /** Unique for good, revoked tokens included: an audit entry names exactly one holder. */
  @Property({ type: 'text', unique: true })
  name: string;

  /** `operator` (every account) or `account` (accountId only). */
  @Property({ type: 'text' })
  scope: string;

  @Property({ type: 'text', nullable: true })
  accountId?: string | null;

  /** Hex SHA-256 of the token. */
  @Property({ type: 'text', unique: true })
  tokenHash: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  constructor(name: string, scope: string, accountId: string | null, tokenHash: string, createdAt: Date) {
    this.name = name;
    this.scope = scope;
    this.accountId = accountId;
    this.tokenHash = tokenHash;
    this.createdAt = createdAt;
  }
}
