import type { Sql } from '../ledger';

/** One contact of an advertising audience, as the ledger has it. */
export interface AudienceContactRow {
  /** The keyset cursor of the page it is on. */
  key: string;
  /** null for an SMS contact */
  email: string | null;
  /** E.164, for an SMS contact; null for an email one */
  phone: string | null;
}

export interface AudiencePage {
  readonly after: string;
  readonly limit: number;
  /** `true`: blacklisted and unsubscribed contacts too (operators only). */
  readonly includeAll: boolean;
}

// a contact is left out while its address is on the account's blacklist: hard bounces,
// complaints, manual entries and unsubscribes (reason `unsubscribed`) alike
const LISTED = `exists (select 1 from blacklist b where b.account_id = d.account_id and b.email_normalized = d.email_normalized)`;

/**
 * The contacts of a campaign's segment, or of every campaign an account has sent, for the
 * advertising-audience export (issue 13 §4). Pages by keyset; never the whole list in memory.
 */
export class AudienceStore {
  /** The campaign's recipients left out by default (on the blacklist now), or undefined for no such campaign. */
  async campaignExcluded(sql: Sql, campaignId: string): Promise<number | undefined> {
    const res = await sql.query<{ known: boolean; excluded: number }>(
      `select exists (select 1 from campaigns where id = $1) as known,
              (select count(*)::int from deliveries d where d.campaign_id = $1 and ${LISTED}) as excluded`,
      [campaignId],
    );
    return res.rows[0].known ? res.rows[0].excluded : undefined;
  }

  /** One page of the campaign's recipients, in submission order (each address once per campaign). */
  async campaignContacts(sql: Sql, campaignId: string, page: AudiencePage): Promise<AudienceContactRow[]> {
    const res = await sql.query<AudienceContactRow>(
      `select d.id::text as key, d.email, d.phone from deliveries d
        where d.campaign_id = $1 and d.id > $2::bigint and ($4 or not ${LISTED})
        order by d.id limit $3`,
      [campaignId, page.after || '0', page.limit, page.includeAll],
    );
    return res.rows;
  }

  /** Distinct contacts the account has sent to that are left out by default, or undefined for no such account. */
  async accountExcluded(sql: Sql, accountId: string): Promise<number | undefined> {
    const res = await sql.query<{ known: boolean; excluded: number }>(
      `select exists (select 1 from accounts where id = $1) as known,
              (select count(distinct d.email_normalized)::int from deliveries d
                where d.account_id = $1 and d.sent_at is not null and ${LISTED}) as excluded`,
      [accountId],
    );
    return res.rows[0].known ? res.rows[0].excluded : undefined;
  }

  /**
   * One page of the distinct contacts the account has sent to (a delivery with a send time),
   * in address order (deliveries_sent_contacts_index).
   */
  async accountContacts(sql: Sql, accountId: string, page: AudiencePage): Promise<AudienceContactRow[]> {
    const res = await sql.query<AudienceContactRow>(
      // an SMS delivery's email_normalized is its E.164 number, which never equals an address:
      // one key for both channels, each contact once
      `select distinct d.email_normalized as key,
              case when d.channel = 'email' then d.email_normalized end as email,
              case when d.channel = 'sms' then d.email_normalized end as phone
         from deliveries d
        where d.account_id = $1 and d.sent_at is not null and d.email_normalized > $2
          and ($4 or not ${LISTED})
        order by d.email_normalized limit $3`,
      [accountId, page.after, page.limit, page.includeAll],
    );
    return res.rows;
  }
}
