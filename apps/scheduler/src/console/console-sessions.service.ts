import { Inject, Injectable } from '@nestjs/common';
import { ConsoleSessionStore, type Ledger } from '@postroom/ledger';
import { CLOCK, LEDGER, type Clock } from '@postroom/runtime';
import { createHash, randomBytes } from 'node:crypto';
import { MAX_TOKEN_LENGTH, tokenDigest } from '../auth/api-token';
import { Authenticator } from '../auth/authenticator';
import type { Principal } from '../auth/principal';

/** A session lasts this long at most; signing out ends it at once. */
export const SESSION_HOURS = 12;

export interface ConsoleSession {
  readonly principal: Principal;
  readonly csrf: string;
  /** The cookie's value, for signing out. */
  readonly id: string;
}

const hash = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/**
 * Console sessions, kept in the ledger: the cookie holds 256 random bits, the ledger their
 * SHA-256 and the SHA-256 of the API token that signed in. Each request re-checks that token,
 * so a revoked token's sessions end with it.
 */
@Injectable()
export class ConsoleSessions {
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly authenticator: Authenticator,
    private readonly store: ConsoleSessionStore,
  ) {}

  /** Opens a session for a live API token; undefined when the token is not one. */
  async signIn(token: string): Promise<{ id: string; principal: Principal } | undefined> {
    const value = token.trim();
    if (value.length === 0 || value.length > MAX_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(value))
      return undefined;
    const digest = tokenDigest(value);
    const principal = await this.authenticator.byDigest(digest);
    if (!principal) return undefined;
    const id = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    // sessions over for a day are forgotten; a sign-in is rare enough to pay for it
    await this.store.purge(this.ledger, new Date(now.getTime() - 86_400_000));
    await this.store.create(this.ledger, {
      idHash: hash(id),
      tokenHash: digest.toString('hex'),
      csrfToken: randomBytes(32).toString('base64url'),
      now,
      expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000),
    });
    return { id, principal };
  }

  async resolve(id: string | undefined): Promise<ConsoleSession | undefined> {
    if (!id || id.length > 64) return undefined;
    const row = await this.store.findLive(this.ledger, hash(id), this.clock.now());
    if (!row) return undefined;
    const principal = await this.authenticator.byDigest(Buffer.from(row.token_hash, 'hex'));
    return principal ? { principal, csrf: row.csrf_token, id } : undefined;
  }

  async signOut(id: string): Promise<void> {
    await this.store.end(this.ledger, hash(id), this.clock.now());
  }
}
