import type { Clock } from '@postroom/runtime';
import type { MxLookup } from './direct.transport';
import type { MxResolution } from './mx-resolver';

/**
 * Remembers where each domain's mail goes for `ttlMs` (answers DNS gave, never a failure to get
 * one), so a campaign of thousands to one domain asks DNS once, not once per recipient. Lookups
 * of one domain in flight at the same time share one query.
 */
export class CachedMxLookup implements MxLookup {
  private readonly known = new Map<string, { answer: MxResolution; until: number }>();
  private readonly asking = new Map<string, Promise<MxResolution>>();

  constructor(
    private readonly inner: MxLookup,
    private readonly clock: Clock,
    private readonly ttlMs = 60_000,
    private readonly maxDomains = 100_000,
  ) {}

  resolve(domain: string): Promise<MxResolution> {
    const now = this.clock.now().getTime();
    const hit = this.known.get(domain);
    if (hit && hit.until > now) return Promise.resolve(hit.answer);
    const pending = this.asking.get(domain);
    if (pending) return pending;
    const asked = this.inner
      .resolve(domain)
      .then((answer) => {
        if (answer.kind !== 'temporary') {
          if (this.known.size >= this.maxDomains) this.known.clear();
          this.known.set(domain, { answer, until: this.clock.now().getTime() + this.ttlMs });
        }
        return answer;
      })
      .finally(() => this.asking.delete(domain));
    this.asking.set(domain, asked);
    return asked;
  }
}
