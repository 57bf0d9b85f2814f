import type { Sql } from '../ledger';

export interface ConsoleSessionRow {
  token_hash: string;
  csrf_token: string;
  expires_at: Date;
}

/** The operator console's server-side sessions (hashes only: the cookie's value is never stored). */
export class ConsoleSessionStore {
  async create(
    sql: Sql,
    s: { idHash: string; tokenHash: string; csrfToken: string; now: Date; expiresAt: Date },
  ): Promise<void> {
    await sql.query(
      `insert into console_sessions (id_hash, token_hash, csrf_token, created_at, expires_at) values ($1, $2, $3, $4, $5)`,
      [s.idHash, s.tokenHash, s.csrfToken, s.now, s.expiresAt],
    );
  }

  /** The session, unless it ended or expired at `now`. */
  async findLive(sql: Sql, idHash: string, now: Date): Promise<ConsoleSessionRow | undefined> {
    const res = await sql.query<ConsoleSessionRow>(
      `select token_hash, csrf_token, expires_at from console_sessions
        where id_hash = $1 and ended_at is null and expires_at > $2`,
      [idHash, now],
    );
    return res.rows[0];
  }

  async end(sql: Sql, idHash: string, now: Date): Promise<void> {
    await sql.query(`update console_sessions set ended_at = $2 where id_hash = $1 and ended_at is null`, [
      idHash,
      now,
    ]);
  }

  /** Forgets sessions that ended or expired before `before`. */
  async purge(sql: Sql, before: Date): Promise<number> {
    const res = await sql.query(
      `delete from console_sessions where expires_at < $1 or (ended_at is not null and ended_at < $1)`,
      [before],
    );
    return res.rowCount ?? 0;
  }
}
