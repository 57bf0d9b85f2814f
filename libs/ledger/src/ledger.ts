import { MikroORM } from '@mikro-orm/postgresql';
import type { PoolClient, QueryResultRow } from 'pg';
import { ormConfig } from './orm.config';

/** Anything that runs SQL: the pool or a transaction's client. */
export interface Sql {
  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

interface KnexClientLike {
  acquireConnection(): Promise<PoolClient>;
  releaseConnection(conn: PoolClient): Promise<void>;
}

/**
 * The ledger: MikroORM for entities and migrations, plus plain parameterised SQL on the same
 * connection pool for the hot path, where one statement handles a whole batch (DESIGN §3).
 */
export class Ledger implements Sql {
  private constructor(readonly orm: MikroORM) {}

  static async connect(databaseUrl: string, opts: { poolMax?: number } = {}): Promise<Ledger> {
    const orm = await MikroORM.init(ormConfig(databaseUrl, opts));
    return new Ledger(orm);
  }

  private get client(): KnexClientLike {
    return this.orm.em.getConnection().getKnex().client as unknown as KnexClientLike;
  }

  async query<R extends QueryResultRow = QueryResultRow>(text: string, values: unknown[] = []) {
    return this.withClient((c) => c.query<R>(text, values));
  }

  async withClient<T>(fn: (client: PoolClient) => Promise<T>): Promise<T> {
    const conn = await this.client.acquireConnection();
    try {
      return await fn(conn);
    } finally {
      await this.client.releaseConnection(conn);
    }
  }

  /** Runs fn in one transaction; commits when it resolves, rolls back when it throws. */
  async tx<T>(fn: (sql: Sql) => Promise<T>): Promise<T> {
    return this.withClient(async (conn) => {
      await conn.query('BEGIN');
      try {
        const result = await fn(conn);
        await conn.query('COMMIT');
        return result;
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  async isHealthy(): Promise<boolean> {
    try {
      await this.query('select 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.orm.close(true);
  }
}
