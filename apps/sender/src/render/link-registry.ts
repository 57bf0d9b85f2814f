import { Inject, Injectable } from '@nestjs/common';
import { LinkStore, type Ledger } from '@postroom/ledger';
import { LEDGER } from '@postroom/runtime';
import type { LinkRegistry } from './rendered-message';

const MAX_CACHED = 50_000;

/**
 * Link ids per campaign and URL, stored on first sight and then served from memory: a
 * campaign's links cost one statement, not one per email.
 */
@Injectable()
export class CachedLinkRegistry implements LinkRegistry {
  private readonly cache = new Map<string, Promise<string | undefined>>();

  constructor(
    @Inject(LEDGER) private readonly ledger: Ledger,
    private readonly store: LinkStore,
  ) {}

  async idsFor(campaignId: string, urls: readonly string[]): Promise<Map<string, string>> {
    const missing = [...new Set(urls)].filter((u) => !this.cache.has(key(campaignId, u)));
    if (missing.length > 0) {
      const stored = this.store.idsFor(this.ledger, campaignId, missing);
      if (this.cache.size + missing.length > MAX_CACHED) this.cache.clear();
      for (const url of missing) {
        const p = stored.then((ids) => ids.get(url));
        p.catch(() => this.cache.delete(key(campaignId, url)));
        this.cache.set(key(campaignId, url), p);
      }
    }
    const ids = new Map<string, string>();
    for (const url of urls) {
      const id = await this.cache.get(key(campaignId, url));
      if (id) ids.set(url, id);
    }
    return ids;
  }
}

function key(campaignId: string, url: string): string {
  return `${campaignId}\u0000${url}`;
}
