import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Serve the customers list's sorts (GET /api/customers?sort=created_at|name) as ordered index
 * scans that stop after one page, in both directions, keyed like the keyset cursor (key, id).
 * Sorting by e-mail already has the (organization_id, email) unique index.
 */
export class CustomerSortIndexes1764150000000 implements MigrationInterface {
  name = 'CustomerSortIndexes1764150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX customers_organization_created_idx ON customers (organization_id, created_at, id)`,
    );
    await queryRunner.query(
      `CREATE INDEX customers_organization_name_idx ON customers (organization_id, lower(name), id)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX customers_organization_name_idx`);
    await queryRunner.query(`DROP INDEX customers_organization_created_idx`);
  }
}
