import type { Sql } from '../ledger';

export interface SigningDomainRow {
  domain: string;
  selectors: string[];
}

/** Deliveries of these statuses are still to go: their campaigns' From domains matter at a sender's start. */
const TO_GO = `('queued', 'dispatched', 'sending', 'retrying', 'deferred', 'held')`;
/** The domain of a campaign's From header value, in SQL: what follows the first `@` (lower case). */
const FROM_DOMAIN = `lower(substring(from_address from '@([A-Za-z0-9.-]+)'))`;

/**
 * The From domains the senders sign with DKIM (issue 13 §2): a sender publishes the domains of
 * its keys at start, the scheduler's account view reads them. Senders share one DKIM_KEYS, so
 * each start replaces the whole set.
 */
export class SigningDomainStore {
  async replace(sql: Sql, domains: readonly SigningDomainRow[], now: Date): Promise<void> {
    await sql.query(
      `with gone as (delete from signing_domains where not (domain = any($1::text[])))
       insert into signing_domains (domain, selectors, published_at)
       select d, s, $3 from unnest($1::text[], $2::text[]) as t(d, s)
       on conflict (domain) do update set selectors = excluded.selectors, published_at = excluded.published_at`,
      [domains.map((d) => d.domain), domains.map((d) => d.selectors.join(',')), now],
    );
  }

  async list(sql: Sql): Promise<SigningDomainRow[]> {
    const res = await sql.query<{ domain: string; selectors: string }>(
      `select domain, selectors from signing_domains order by domain`,
    );
    return res.rows.map((r) => ({ domain: r.domain, selectors: r.selectors.split(',') }));
  }

  /** The From domains of an account's campaigns, sorted. */
  async accountFromDomains(sql: Sql, accountId: string): Promise<string[]> {
    const res = await sql.query<{ domain: string }>(
      `select distinct ${FROM_DOMAIN} as domain from campaigns where account_id = $1 order by 1`,
      [accountId],
    );
    return res.rows.map((r) => r.domain).filter((d) => d);
  }

  /** The From domains of campaigns that still have deliveries to send, sorted. */
  async pendingFromDomains(sql: Sql): Promise<string[]> {
    const res = await sql.query<{ domain: string }>(
      `select distinct ${FROM_DOMAIN} as domain from campaigns c
       where exists (select 1 from deliveries d where d.campaign_id = c.id and d.status in ${TO_GO})
       order by 1`,
    );
    return res.rows.map((r) => r.domain).filter((d) => d);
  }
}

/**
 * The signing domain that covers a From domain: itself, or the nearest parent in `signed`
 * (DMARC's relaxed alignment accepts a parent's signature); undefined when none does.
 */
export function coveringDomain(
  fromDomain: string,
  signed: { has(domain: string): boolean },
): string | undefined {
  const labels = fromDomain.trim().toLowerCase().replace(/\.$/, '').split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    const candidate = labels.slice(i).join('.');
    if (signed.has(candidate)) return candidate;
  }
  return undefined;
}
