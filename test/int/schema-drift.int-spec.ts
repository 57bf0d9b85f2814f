import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '@postroom/ledger';
import { createTestDatabase, type TestDatabase } from '@postroom/testing';

/**
 * One truth for the schema (STYLE.md §12): the entities. A database built by the migrations
 * must be exactly what the entities describe; any statement MikroORM's schema generator would
 * still run is drift: an entity or a migration forgot something.
 */
describe('the migrations and the entities', () => {
  let db: TestDatabase;
  let orm: MikroORM;

  beforeAll(async () => {
    db = await createTestDatabase();
    orm = await MikroORM.init(ormConfig(db.url, { poolMax: 2 }));
  });

  afterAll(async () => {
    await orm.close(true);
    await db.drop();
  });

  it('describe the same schema: nothing is left to change after every migration ran', async () => {
    const drift = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false });

    expect(drift.trim()).toBe('');
  });
});
