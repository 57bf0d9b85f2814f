import type { Sql } from '../ledger';

/** A quarantined message keeps this much of its raw text at most (its full size is recorded). */
export const QUARANTINE_MAX_RAW_BYTES = 256 * 1024;

export interface QuarantineInput {
  source: string;
  cause: string;
  detail: string;
  envelopeTo?: string | null;
  raw: Buffer;
}

/** Inbound messages kept aside with their cause, and their purge. */
export class QuarantineStore {
  /** Keeps an inbound message aside with its cause: its size, and its first 256 KB at most. */
  async quarantine(sql: Sql, q: QuarantineInput, now: Date): Promise<string> {
    const res = await sql.query<{ id: string }>(
      `insert into quarantine (received_at, source, cause, detail, envelope_to, size, raw)
       values ($1, $2, $3, $4, $5, $6, $7) returning id::text`,
      [
        now,
        q.source,
        q.cause,
        q.detail.slice(0, 2000),
        q.envelopeTo?.slice(0, 512) ?? null,
        q.raw.length,
        q.raw.subarray(0, QUARANTINE_MAX_RAW_BYTES),
      ],
    );
    return res.rows[0].id;
  }

  /** Deletes up to `limit` quarantined messages that arrived before `before`; returns how many. */
  async purge(sql: Sql, before: Date, limit: number): Promise<number> {
    const res = await sql.query(
      `delete from quarantine where id in (select id from quarantine where received_at < $1 order by received_at limit $2)`,
      [before, limit],
    );
    return res.rowCount ?? 0;
  }
}
