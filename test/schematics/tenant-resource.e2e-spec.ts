import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const ROOT = process.cwd();

/** A database URL with another database name (same server, same credentials). */
function onDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * `nest g tenant-resource invoices --project api`, run the way a developer runs it (the real Nest
 * CLI, in a copy of the repository), produces a feature that type-checks, builds, passes its own
 * unit and e2e specs, keeps the tenancy sweep, the schema diff (entities = migrations), the scaling
 * check (every tenant statement and key carries organization_id, every table classified) and, after
 * `npm run openapi:update`, the OpenAPI check.
 *
 * The copy gets a database of its own on the test servers (created on the leader, replicated to
 * the follower), so the generated migration never adds a table to the database the other test
 * files share.
 */
/** The part of the OpenAPI document these checks read. */
interface OpenApiPaths {
  paths: Record<string, object>;
}

/** A variable the Jest global setup always sets. */
function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined)
    throw new Error(`${name} is unset (the Jest global setup sets it)`);
  return value;
}

describe('nest g tenant-resource (schematics/tenant-resource)', () => {
  const copy = mkdtempSync(join(tmpdir(), 'tenant-resource-'));
  const database = `schematic_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const leader = requiredEnv('TEST_DATABASE_URL');
  // Comma-separated, as ANALYTICS_DB_URL takes them.
  const followers = requiredEnv('TEST_ANALYTICS_DB_URL').split(',');
  let env: NodeJS.ProcessEnv;

  /** A command in the copy; its output is in the error when it fails. */
  const inCopy = (file: string, args: string[]) =>
    run(file, args, { cwd: copy, env, maxBuffer: 64 * 1024 * 1024 }).catch(
      (error: unknown) => {
        const failure = error as {
          stdout?: string;
          stderr?: string;
          message: string;
        };
        throw new Error(
          `${file} ${args.join(' ')} failed:\n${failure.stdout ?? ''}\n${failure.stderr ?? ''}\n${failure.message}`,
        );
      },
    );

  beforeAll(async () => {
    // The repository as git sees it (tracked and new files, nothing ignored), with the installed dependencies.
    const { stdout } = await run(
      'git',
      ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
    );
    for (const file of stdout.split('\0').filter(Boolean)) {
      if (existsSync(join(ROOT, file)))
        cpSync(join(ROOT, file), join(copy, file), { recursive: false });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');

    const admin = new pg.Client({ connectionString: leader });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${database}`);
    } finally {
      await admin.end();
    }
    // Physical replication carries the new database to the followers: wait for it, and fail if it never comes.
    const deadline = Date.now() + 20_000;
    for (const follower of followers) {
      while (!(await canConnect(onDatabase(follower, database)))) {
        if (Date.now() > deadline)
          throw new Error(`a follower never showed database ${database}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    env = {
      ...process.env,
      TEST_DATABASE_URL: onDatabase(leader, database),
      TEST_ANALYTICS_DB_URL: followers
        .map((follower) => onDatabase(follower, database))
        .join(','),
      UPDATE_OPENAPI: undefined,
      // Jest workers would otherwise hand their own flags down.
      NODE_OPTIONS: undefined,
      JEST_WORKER_ID: undefined,
    };

    const generated = await inCopy(process.execPath, [
      'node_modules/.bin/nest',
      'g',
      'tenant-resource',
      'invoices',
      '--project',
      'api',
    ]);
    // The Nest CLI exits 0 even when the schematic fails: the files are the proof.
    if (!existsSync(join(copy, 'apps/api/src/invoices/invoices.module.ts')))
      throw new Error(
        `nothing generated:\n${generated.stdout}\n${generated.stderr}`,
      );
  }, 60_000);

  afterAll(async () => {
    rmSync(copy, { recursive: true, force: true });
    const admin = new pg.Client({ connectionString: leader });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  });

  it('writes the feature in the api layout and registers the module, entity, migration and table', () => {
    const read = (path: string) => readFileSync(join(copy, path), 'utf8');
    for (const file of [
      'apps/api/src/invoices/invoices.controller.ts',
      'apps/api/src/invoices/invoices.service.ts',
      'apps/api/src/invoices/invoices.repository.ts',
      'apps/api/src/invoices/invoices.service.spec.ts',
      'apps/api/src/invoices/dto/invoice.dto.ts',
      'libs/database/src/entities/invoice.entity.ts',
      'test/e2e/invoices.e2e-spec.ts',
    ]) {
      expect(existsSync(join(copy, file))).toBe(true);
    }
    expect(read('apps/api/src/invoices/invoices.controller.ts')).toContain(
      "@TenantResource('invoices', 'api/invoices')",
    );
    expect(read('apps/api/src/app.module.ts')).toMatch(
      /import \{ InvoicesModule \} from '\.\/invoices\/invoices\.module\.js';[\s\S]*imports: \[[\s\S]*InvoicesModule,?\s*\]/,
    );
    expect(read('libs/database/src/entities/index.ts')).toMatch(
      /ENTITIES = \[[^\]]*\bInvoice,?\s*\]/,
    );
    const migration =
      /import \{ (Invoices\d{13}) \} from '\.\/(\d{13})-invoices\.js';/.exec(
        read('libs/database/src/migrations/index.ts'),
      );
    expect(migration).not.toBeNull();
    expect(read('libs/database/src/migrations/index.ts')).toMatch(
      new RegExp(`MIGRATIONS = \\[[^\\]]*\\b${migration?.[1]},?\\s*\\]`),
    );
    expect(read('docs/scaling.md')).toContain(
      "SELECT create_distributed_table('invoices', 'organization_id', colocate_with => 'customers');",
    );
  });

  it("type-checks, builds, and openapi:update adds its routes to the portal's OpenAPI document", async () => {
    const before = JSON.parse(
      readFileSync(join(copy, 'frontend/openapi.json'), 'utf8'),
    ) as OpenApiPaths;
    expect(before.paths['/api/invoices']).toBeUndefined();
    // tsc is single-threaded and the build short: at once. The app that openapi:update starts gets the machine to itself.
    await Promise.all([
      inCopy(process.execPath, [
        'node_modules/typescript/bin/tsc',
        '-p',
        'tsconfig.json',
        '--noEmit',
      ]),
      inCopy(process.execPath, ['node_modules/.bin/nest', 'build', 'api']),
    ]);
    await inCopy('npm', ['run', 'openapi:update', '--silent']);
    expect(existsSync(join(copy, 'dist/apps/api/main.js'))).toBe(true);
    const after = JSON.parse(
      readFileSync(join(copy, 'frontend/openapi.json'), 'utf8'),
    ) as OpenApiPaths;
    expect(Object.keys(after.paths['/api/invoices'])).toEqual(['get', 'post']);
    expect(Object.keys(after.paths['/api/invoices/{id}'])).toEqual([
      'get',
      'put',
      'delete',
    ]);
  }, 120_000);

  it('passes its unit and e2e specs, the tenancy sweep, the schema diff, the scaling check and the OpenAPI check', async () => {
    const suites = [
      'apps/api/src/invoices/invoices.service.spec.ts',
      'test/e2e/invoices.e2e-spec.ts',
      // Every route of /swagger-json, with another organization's ids, answers 404 and changes nothing.
      'test/e2e/tenancy-sweep.e2e-spec.ts',
      // The new entity and migration describe the same table.
      'test/e2e/schema-diff.e2e-spec.ts',
      // Its statements and keys carry organization_id; docs/scaling.md classifies its table.
      'test/deploy/scaling.e2e-spec.ts',
      'test/e2e/openapi.e2e-spec.ts',
    ];
    const { stderr } = await inCopy(process.execPath, [
      'node_modules/jest/bin/jest.js',
      '--ci',
      ...suites,
    ]);
    // Jest's summary: every suite ran and passed (a path that matched nothing would not count).
    expect(stderr).toContain(
      `Test Suites: ${suites.length} passed, ${suites.length} total`,
    );
  }, 150_000);
});
