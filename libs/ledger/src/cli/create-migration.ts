import { MikroORM } from '@mikro-orm/postgresql';
import { ensureDatabase } from '../ensure-database';
import { ormConfig } from '../orm.config';

/**
 * Development tool: diffs the entities against a scratch database at the latest migration and
 * writes a new timestamped migration into libs/ledger/src/migrations, to be reviewed and
 * added to migrations/index.ts. Usage: npm run migration:create (DATABASE_URL names the scratch database)
 */
async function main() {
  const url = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postroom_migrations_scratch';
  await ensureDatabase(url);
  const orm = await MikroORM.init(ormConfig(url, { poolMax: 2 }));
  try {
    await orm.getMigrator().up();
    const result = await orm
      .getMigrator()
      .createMigration(undefined, false, process.argv.includes('--initial'));
    process.stdout.write(`${result.fileName || 'no changes'}\n`);
  } finally {
    await orm.close(true);
  }
}
void main();
