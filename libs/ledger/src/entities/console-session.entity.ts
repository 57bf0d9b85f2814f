import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A signed-in operator console session. The cookie holds 256 random bits; only their SHA-256 is
 * kept, with the SHA-256 of the API token that opened it, so a revoked token ends its sessions.
 */
@Entity({ tableName: 'console_sessions' })
@Index({ properties: ['expiresAt'] })
export class ConsoleSession {
  /** Hex SHA-256 of the cookie's value. */
  @PrimaryKey({ type: 'text' })
  idHash: string;

  /** Hex SHA-256 of the API token signed in with. */
  @Property({ type: 'text' })
  tokenHash: string;

  /** Sent in every form and checked on every POST. */
  @Property({ type: 'text' })
  csrfToken: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  /** Set on sign-out: the session is over. */
  @Property({ type: 'timestamptz', nullable: true })
  endedAt?: Date | null;

  constructor(idHash: string, tokenHash: string, csrfToken: string, createdAt: Date, expiresAt: Date) {
    this.idHash = idHash;
    this.tokenHash = tokenHash;
    this.csrfToken = csrfToken;
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }
}
