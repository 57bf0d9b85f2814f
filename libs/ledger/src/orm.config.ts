import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, PostgreSqlDriver } from '@mikro-orm/postgresql';
import { ENTITIES } from './entities';
import { migrationsList } from './migrations';

/** MikroORM configuration shared by every app and by the migration CLI. */
export function ormConfig(
  databaseUrl: string,
  opts: { poolMax?: number; log?: (message: string) => void } = {},
) {
  return defineConfig({
    driver: PostgreSqlDriver,
    clientUrl: databaseUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: true },
    pool: { min: 0, max: opts.poolMax ?? 10 },
    debug: false,
    // MikroORM writes its own lines with console.log; route them (or drop them) instead
    logger: opts.log ?? (() => undefined),
    allowGlobalContext: false,
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      path: 'libs/ledger/src/migrations',
      pathTs: 'libs/ledger/src/migrations',
    },
  });
}
