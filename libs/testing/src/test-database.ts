import { dropDatabase, migrateUp } from '@postroom/ledger';
import { randomBytes } from 'node:crypto';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file on the Postgres named by DATABASE_URL
 * (default: the local server), dropped afterwards.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres');
  base.pathname = `/postroom_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const url = base.toString();
  await migrateUp(url);
  return { url, drop: () => dropDatabase(url) };
}
