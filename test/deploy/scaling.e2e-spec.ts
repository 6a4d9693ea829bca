import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parseEnv } from '@app/config';
import { createPrimaryDataSource, runMigrationsWithLock } from '@app/database';
import type { DataSource } from 'typeorm';
import { readRootFile, ROOT } from './deploy-support.js';
import {
  findTenantSql,
  tenantScopeProblems,
  withOneFilterRemoved,
} from './tenant-sql.js';

/** The Citus layout docs/scaling.md prescribes, read from its `SELECT create_...;` statements. */
function citusLayout() {
  const doc = readRootFile('docs/scaling.md');
  const distributed = [
    ...doc.matchAll(
      /^SELECT create_distributed_table\('(\w+)', 'organization_id'(?:, colocate_with => '(\w+)')?\);$/gm,
    ),
  ].map((match) => ({
    table: match[1],
    colocateWith: match[2],
  }));
  const reference = [
    ...doc.matchAll(/^SELECT create_reference_table\('(\w+)'\);$/gm),
  ].map((match) => match[1]);
  const local = [
    ...doc.matchAll(/^SELECT citus_add_local_table_to_metadata\('(\w+)'\);$/gm),
  ].map((match) => match[1]);
  return { distributed, reference, local };
}

interface ConstraintRow {
  name: string;
  type: 'p' | 'u' | 'f' | 'x';
  table: string;
  referenced: string | null;
  columns: string[];
  referenced_columns: string[] | null;
}

/**
 * The precondition for distributing the tenant tables by organization_id (docs/scaling.md): on
 * the migrated schema, keys and foreign keys include it; in the code, every statement on a tenant
 * table filters by it.
 */
describe('scaling out: tenant tables can be distributed by organization_id', () => {
  const layout = citusLayout();
  const distributed = layout.distributed.map((entry) => entry.table);
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await createPrimaryDataSource(
      parseEnv({ DATABASE_URL: process.env.TEST_DATABASE_URL }).database,
    ).initialize();
    await runMigrationsWithLock(dataSource);
  });

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed early
    await dataSource?.destroy();
  });

  it('docs/scaling.md classifies every table of the migrated schema', async () => {
    expect(distributed).toEqual(
      expect.arrayContaining(['customers', 'accounts', 'daily_snapshots']),
    );
    expect(layout.reference).toEqual(
      expect.arrayContaining(['organizations', 'users']),
    );
    expect(
      layout.distributed.slice(1).map((entry) => entry.colocateWith),
    ).toEqual(distributed.slice(1).map(() => 'customers'));
    const tables: { table: string; tenant: boolean }[] = await dataSource.query(
      `SELECT c.relname AS table,
              EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped) AS tenant
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname <> 'migrations'
        ORDER BY 1`,
    );
    const classified = [...distributed, ...layout.reference, ...layout.local];
    expect(
      tables
        .map((row) => row.table)
        .filter((table) => !classified.includes(table)),
    ).toEqual([]);
    expect(
      classified.filter((table) => !tables.some((row) => row.table === table)),
    ).toEqual([]);
    // Distributed tables carry the distribution column.
    for (const table of distributed)
      expect({
        table,
        tenant: tables.find((row) => row.table === table)?.tenant,
      }).toEqual({ table, tenant: true });
  });

  it('every primary key, unique constraint, unique index and foreign key of a distributed table includes organization_id', async () => {
    const constraints: ConstraintRow[] = await dataSource.query(
      `SELECT c.conname AS name, c.contype AS type, c.conrelid::regclass::text AS table, c.confrelid::regclass::text AS referenced,
              ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(attnum, i)
                      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.i) AS columns,
              CASE WHEN c.contype = 'f' THEN
                ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(attnum, i)
                        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.i) END AS referenced_columns
         FROM pg_constraint c
        WHERE c.contype IN ('p', 'u', 'f', 'x')
          AND (c.conrelid::regclass::text = ANY($1) OR c.confrelid::regclass::text = ANY($1))`,
      [distributed],
    );
    const uniqueIndexes: {
      index: string;
      table: string;
      columns: (string | null)[];
    }[] = await dataSource.query(
      `SELECT i.indexrelid::regclass::text AS index, i.indrelid::regclass::text AS table,
              ARRAY(SELECT a.attname::text FROM unnest(i.indkey) k(attnum)
                      LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS columns
         FROM pg_index i
        WHERE i.indisunique AND i.indrelid::regclass::text = ANY($1)`,
      [distributed],
    );

    for (const table of distributed) {
      expect({
        table,
        primaryKeys: constraints.filter(
          (c) => c.table === table && c.type === 'p',
        ).length,
      }).toEqual({ table, primaryKeys: 1 });
    }
    const own = constraints.filter((c) => distributed.includes(c.table));
    expect(own.filter((c) => c.type === 'f').length).toBeGreaterThanOrEqual(
      distributed.length,
    );
    for (const constraint of own) {
      expect({
        constraint: constraint.name,
        includesOrganizationId: constraint.columns.includes('organization_id'),
      }).toEqual({
        constraint: constraint.name,
        includesOrganizationId: true,
      });
      if (
        constraint.type === 'f' &&
        distributed.includes(constraint.referenced ?? '')
      ) {
        // Between distributed tables: organization_id matches organization_id (co-located rows).
        const position = constraint.columns.indexOf('organization_id');
        expect({
          constraint: constraint.name,
          references: constraint.referenced_columns?.[position],
        }).toEqual({
          constraint: constraint.name,
          references: 'organization_id',
        });
      } else if (constraint.type === 'f') {
        expect({
          constraint: constraint.name,
          referencesReferenceTable: layout.reference.includes(
            constraint.referenced ?? '',
          ),
        }).toEqual({
          constraint: constraint.name,
          referencesReferenceTable: true,
        });
      }
    }
    // Nothing that stays whole (reference or local) may reference a distributed table.
    expect(
      constraints
        .filter((c) => c.type === 'f' && !distributed.includes(c.table))
        .map((c) => c.name),
    ).toEqual([]);
    expect(uniqueIndexes.length).toBeGreaterThanOrEqual(distributed.length);
    for (const index of uniqueIndexes) {
      expect({
        index: index.index,
        includesOrganizationId: index.columns.includes('organization_id'),
      }).toEqual({ index: index.index, includesOrganizationId: true });
    }
  });

  describe('every statement on a tenant table in apps/ and libs/ is scoped by organization_id', () => {
    const statements = findTenantSql(ROOT, ['apps', 'libs'], distributed);

    it('finds the statements (repositories, analytics, jobs, seed)', () => {
      expect(statements.length).toBeGreaterThanOrEqual(15);
      const files = new Set(
        statements.map((statement) => statement.where.split(':')[0]),
      );
      for (const file of [
        'apps/api/src/customers/customers.repository.ts',
        'apps/api/src/accounts/accounts.repository.ts',
        'apps/api/src/analytics/analytics.service.ts',
        'libs/jobs/src/aggregation.service.ts',
        'libs/database/src/seed.ts',
      ]) {
        expect(files).toContain(file);
      }
    });

    it('each occurrence of a tenant table is filtered by organization_id (or names it, for inserts)', () => {
      const problems = statements.flatMap((statement) =>
        tenantScopeProblems(statement.sql, distributed).map(
          (problem) => `${statement.where}: ${problem}`,
        ),
      );
      expect(problems).toEqual([]);
    });

    it('is precise: removing any one organization_id filter from any statement is reported', () => {
      for (const statement of statements) {
        const variants = withOneFilterRemoved(statement.sql);
        expect({
          where: statement.where,
          filters: variants.length > 0,
        }).toEqual({ where: statement.where, filters: true });
        for (const variant of variants) {
          expect({
            where: statement.where,
            variant,
            reported: tenantScopeProblems(variant, distributed).length > 0,
          }).toMatchObject({ reported: true });
        }
      }
    });

    it('reports the classic mistakes', () => {
      const problems = (sql: string) => tenantScopeProblems(sql, distributed);
      expect(problems('SELECT * FROM customers WHERE id = $1')).toHaveLength(1);
      expect(
        problems('UPDATE accounts SET organization_id = $1 WHERE id = $2'),
      ).toHaveLength(1);
      expect(
        problems(
          'SELECT count(*) FROM customers c JOIN accounts a ON a.customer_id = c.id WHERE c.organization_id = $1',
        ),
      ).toHaveLength(1);
      expect(
        problems(
          'SELECT (SELECT count(*) FROM accounts) AS n FROM customers WHERE organization_id = $1',
        ),
      ).toHaveLength(1);
      expect(
        problems('INSERT INTO accounts (customer_id, name) VALUES ($1, $2)'),
      ).toHaveLength(1);
      expect(
        problems(
          'SELECT count(*) FROM customers c JOIN accounts a ON a.organization_id = c.organization_id AND a.customer_id = c.id WHERE c.organization_id = $1',
        ),
      ).toEqual([]);
    });
  });
});
