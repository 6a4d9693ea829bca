import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ENTITIES, runMigrationsWithLock } from '@app/database';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../libs/database/src/migrations/index.js';

/**
 * The TypeORM entities are the one description of the schema: on the migrated test database
 * TypeORM's schema builder finds nothing to change (no table, column, type, default, index, unique
 * or foreign key differs), and every table the migrations make has an entity.
 */
describe('schema described once: entities = migrated database', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    // The application's entities and migrations; the migrations run as at start-up (a no-op when an app already ran them).
    dataSource = new DataSource({
      type: 'postgres',
      url: process.env.TEST_DATABASE_URL,
      entities: ENTITIES,
      migrations: MIGRATIONS,
      migrationsTableName: 'migrations',
    });
    await dataSource.initialize();
    await runMigrationsWithLock(dataSource);
  });
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed before assigning it
  afterAll(() => dataSource?.destroy());

  it('has no schema difference between the entities and the migrations', async () => {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('has an entity for every table the migrations make', async () => {
    const tables: { table_name: string }[] = await dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`,
    );
    const described = dataSource.entityMetadatas
      .map((metadata) => metadata.tableName)
      .sort();
    expect(tables.map((table) => table.table_name)).toEqual(described);
  });
});
