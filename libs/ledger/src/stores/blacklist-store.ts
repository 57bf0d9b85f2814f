import type { Sql } from '../ledger';
import type { MatchedDelivery } from './bounce-event-store';
import { normalizeEmail } from './normalize-email';

export interface BlacklistRow {
  account_id: string;
  email_normalized: string;
  reason: string;
  source: string;
  delivery_id: string | null;
  diagnostic: string | null;
  created_at: string;
  /** Soft entries only: from then on the address may be sent to again. */
  expires_at: string | null;
}

export interface BlacklistFilter {
  account?: string;
  reason?: string;
  /** Exact address, or a fragment of it. */
  address?: string;
  limit: number;
  /** Keyset cursor: the last (account, address) of the previous page. */
  after?: { account: string; address: string };
  /** Leave out soft entries expired at this instant. */
  now?: Date;
}

export interface NewBlacklistEntry {
  account: string;
  address: string;
  reason: string;
  source: string;
  deliveryId?: string | null;
  diagnostic?: string | null;
}

/** Per-account blacklists: what is never sent to again, and why. */
export class BlacklistStore {
  async list(sql: Sql, f: BlacklistFilter): Promise<BlacklistRow[]> {
    const res = await sql.query<BlacklistRow>(
      `select ${COLUMNS} from blacklist
        where ($1::text is null or account_id = $1)
          and ($2::text is null or reason = $2)
          and ($3::text is null or email_normalized like '%' || $3 || '%')
          and ($4::text is null or (account_id, email_normalized) > ($4, $5))
          and ($7::timestamptz is null or expires_at is null or expires_at > $7)
        order by account_id, email_normalized limit $6`,
      [
        f.account ?? null,
        f.reason ?? null,
        f.address ? escapeLike(normalizeEmail(f.address)) : null,
        f.after?.account ?? null,
        f.after?.address ?? null,
        f.limit,
        f.now ?? null,
      ],
    );
    return res.rows;
  }

  /** The entry; with `now`, none when it is a soft entry expired by then. */
  async get(sql: Sql, account: string, address: string, now?: Date): Promise<BlacklistRow | undefined> {
    const res = await sql.query<BlacklistRow>(
      `select ${COLUMNS} from blacklist
        where account_id = $1 and email_normalized = $2
          and ($3::timestamptz is null or expires_at is null or expires_at > $3)`,
      [account, normalizeEmail(address), now ?? null],
    );
    return res.rows[0];
  }

  /**
   * Adds many entries in one statement, for good; an existing entry is kept as it is, unless it is
   * a soft one (which would expire): the permanent entry replaces it. Returns the ones added.
   */
  async addMany(
    sql: Sql,
    entries: readonly NewBlacklistEntry[],
  ): Promise<{ account_id: string; email_normalized: string; reason: string }[]> {
    if (entries.length === 0) return [];
    const res = await sql.query<{ account_id: string; email_normalized: string; reason: string }>(
      `insert into blacklist (account_id, email_normalized, reason, source, delivery_id, diagnostic)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[])
       on conflict (account_id, email_normalized) do update
         set reason = excluded.reason, source = excluded.source, delivery_id = excluded.delivery_id,
             diagnostic = excluded.diagnostic, created_at = excluded.created_at, expires_at = null
         where blacklist.expires_at is not null
       returning account_id, email_normalized, reason`,
      [
        entries.map((e) => e.account),
        entries.map((e) => normalizeEmail(e.address)),
        entries.map((e) => e.reason),
        entries.map((e) => e.source),
        entries.map((e) => e.deliveryId ?? null),
        entries.map((e) => e.diagnostic ?? null),
      ],
    );
    return res.rows;
  }

  async remove(sql: Sql, account: string, address: string): Promise<BlacklistRow | undefined> {
    const res = await sql.query<BlacklistRow>(
      `delete from blacklist where account_id = $1 and email_normalized = $2 returning ${COLUMNS}`,
      [account, normalizeEmail(address)],
    );
    return res.rows[0];
  }

  async audit(
    sql: Sql,
    a: {
      account: string;
      address: string;
      action: 'added' | 'removed';
      reason?: string;
      note?: string;
      actor: string;
      entry?: object;
    },
  ): Promise<void> {
    await sql.query(
      `insert into blacklist_audit (account_id, email_normalized, action, reason, note, actor, entry) values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        a.account,
        normalizeEmail(a.address),
        a.action,
        a.reason ?? null,
        a.note ?? null,
        a.actor,
        a.entry ? JSON.stringify(a.entry) : null,
      ],
    );
  }

  /**
   * Blacklists a bounced delivery's address for its account. An existing entry stays as it is,
   * unless it is soft and expired (listed anew) or the new one is for good (it replaces a soft one).
   */
  async addFromBounce(
    sql: Sql,
    d: MatchedDelivery,
    reason: string,
    source: string,
    diagnostic: string,
    now: Date,
    /** Soft reasons only: when the entry stops counting; null (hard, complaint) for good. */
    expiresAt: Date | null = null,
  ): Promise<boolean> {
    const res = await sql.query(
      `insert into blacklist (account_id, email_normalized, reason, source, delivery_id, diagnostic, created_at, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (account_id, email_normalized) do update
         set reason = excluded.reason, source = excluded.source, delivery_id = excluded.delivery_id,
             diagnostic = excluded.diagnostic, created_at = excluded.created_at, expires_at = excluded.expires_at
         where blacklist.expires_at is not null and (blacklist.expires_at <= $7 or excluded.expires_at is null)`,
      [d.account_id, d.email_normalized, reason, source, d.id, diagnostic, now, expiresAt],
    );
    return (res.rowCount ?? 0) > 0;
  }
}

const COLUMNS = `account_id, email_normalized, reason, source, delivery_id::text, diagnostic, created_at, expires_at`;

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
