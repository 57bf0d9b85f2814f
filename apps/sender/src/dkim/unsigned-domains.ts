import type { Logger } from 'pino';

/**
 * One warning per From domain that goes out unsigned, for the life of the process: the sender's
 * start names every such domain it has work for in one line; a campaign from another unkeyed
 * domain that arrives later gets its own single line.
 */
export class UnsignedDomains {
  private readonly warned = new Set<string>();

  constructor(private readonly logger: Logger) {}

  note(domains: Iterable<string>): void {
    const fresh = [...new Set(domains)].filter((d) => !this.warned.has(d)).sort();
    if (fresh.length === 0) return;
    for (const d of fresh) this.warned.add(d);
    this.logger.warn(
      { unsignedDomains: fresh },
      `DKIM: mail from ${fresh.join(', ')} goes out unsigned (no key in DKIM_KEYS for ${fresh.length > 1 ? 'these domains' : 'this domain'} or a parent)`,
    );
  }
}
