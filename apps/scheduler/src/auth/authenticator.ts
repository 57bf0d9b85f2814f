import { Inject, Injectable } from '@nestjs/common';
import type { ConfigOf, schedulerEnv } from '@postroom/config';
import { ApiTokenStore, type Ledger } from '@postroom/ledger';
import { CONFIG, LEDGER } from '@postroom/runtime';
import { timingSafeEqual } from 'node:crypto';
import { bearerToken, tokenDigest } from './api-token';
import { BOOTSTRAP_NAME, type Principal } from './principal';

/**
 * Turns an Authorization header into the caller: the bootstrap token (POSTROOM_API_TOKEN,
 * compared as SHA-256 digests in constant time) or a live ledger token, found by its hash.
 * The look-up's timing depends on the hash only, which a caller cannot steer towards a real
 * token's. Nothing is cached, so a revoked token fails on its next request.
 */
@Injectable()
export class Authenticator {
  private readonly bootstrap: Buffer;
  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly tokens: ApiTokenStore,
    @Inject(CONFIG) config: ConfigOf<typeof schedulerEnv>,
  ) {
    this.bootstrap = tokenDigest(config.POSTROOM_API_TOKEN);
  }

  async authenticate(authorization: string | undefined): Promise<Principal | undefined> {
    const token = bearerToken(authorization);
    if (token === undefined) return undefined;
    return this.byDigest(tokenDigest(token));
  }

  /** The caller whose token has this SHA-256 (the console keeps only that), if it is still live. */
  async byDigest(digest: Buffer): Promise<Principal | undefined> {
    if (digest.length !== this.bootstrap.length) return undefined;
    if (timingSafeEqual(digest, this.bootstrap)) return { name: BOOTSTRAP_NAME, scope: 'operator' };
    const row = await this.tokens.findLive(this.ledger, digest.toString('hex'));
    if (!row) return undefined;
    return row.scope === 'operator'
      ? { name: row.name, scope: 'operator' }
      : { name: row.name, scope: 'account', account: row.account_id! };
  }
}
