/**
 * The tenant-scoped data-access layer: the one place where organization_id is applied.
 *
 * Every feature reads and writes tenant rows through it, and nothing in it runs without a
 * {@link Tenant}. The API, in full:
 *
 * - `Tenant`: the caller's organization, taken once per request by the `@CurrentTenant()`
 *   parameter decorator from the authenticated user (or `Tenant.of(id)` where the organization
 *   comes from somewhere trusted, such as a job's payload). Services and repositories take a
 *   `Tenant`, never a bare organization id, so a method without one does not type-check.
 * - `tenantSql(text)`: a named SQL constant whose `$1` is organization_id. Checked when the module
 *   loads (a statement whose `$1` is not compared with organization_id, or inserted as it, throws
 *   there), and branded, so `TenantDataSource` accepts no other string.
 * - `RowOf<Entity>`: the type of an entity's row as SQL returns it (snake_case, bigints as text).
 * - `TenantDataSource` (provided by `TenancyModule`), on the primary (the leader):
 *   - `rows(tenant, sql, params, manager?)`: the rows of a SELECT, or of an INSERT/UPDATE/DELETE
 *     ... RETURNING (always the returned rows: never the driver's `[rows, count]` shape for updates);
 *     `tenant.organizationId` is bound to `$1` and `params` to `$2...`;
 *   - `read(tenant, sql, params, after?)`: the same for read-only analytics, through the
 *     ReadRouter (a follower that has replayed the tenant's writes, else the leader); the rows come
 *     with the route (who answered and why); the statement selects `SERVED_COLUMNS`;
 *   - `repository(Entity, manager?)`: a {@link TenantRepository}, TypeORM's repository with
 *     `organizationId` put into every where clause and every inserted row;
 *   - `transaction(tenant, work)`: the primary's transaction; pass its manager to `rows`/`repository`.
 *   Every write made through it (a write statement, an insert or delete of the repository, a
 *   transaction) records the leader's WAL position for the tenant once it has committed
 *   (ReadRouter.recordWrite: before it returns, the write is known to every process; its position
 *   is stored moments later): the tenant's next analytics read, from any process, sees it.
 *
 * The tenancy sweep (test/e2e/tenancy-sweep.e2e-spec.ts) proves from /swagger-json that every route
 * answers another organization's ids with 404 (or 422 for a referenced id) and changes nothing.
 */
import {
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  Module,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIMARY } from '../database.constants.js';
import { pgPoolOf } from '../routing/follower.js';
import { type Queryable, runStatement } from '../routing/statements.js';
import type { Lsn } from '../routing/lsn.js';
import { ReadRouter, type Routed } from '../routing/read-router.js';
import type {
  DataSource,
  DeepPartial,
  EntityManager,
  EntityTarget,
  FindManyOptions,
  FindOptionsWhere,
  ObjectLiteral,
  Repository,
} from 'typeorm';

/** The organization every statement of a request is scoped to. */
export class Tenant {
  private constructor(readonly organizationId: number) {}

  /** Only from a trusted source: the authenticated user (see CurrentTenant) or a job's payload. */
  static of(organizationId: number): Tenant {
    if (!Number.isSafeInteger(organizationId) || organizationId <= 0)
      throw new Error(`not an organization id: ${organizationId}`);
    return new Tenant(organizationId);
  }
}

/** The caller's organization, from the user the auth guard put on the request. */
export const CurrentTenant = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Tenant => {
    const user = context
      .switchToHttp()
      .getRequest<{ user?: { organizationId: number } }>().user;
    // A route without an authenticated user has no tenant: that is a wiring mistake, not bad input.
    if (!user)
      throw new Error(
        '@CurrentTenant() on a route without an authenticated user',
      );
    return Tenant.of(user.organizationId);
  },
);

declare const TENANT_SQL: unique symbol;
/** SQL whose `$1` is organization_id; made only by {@link tenantSql}. */
export type TenantSql = string & { readonly [TENANT_SQL]: true };

/** `organization_id = $1` somewhere, or an INSERT whose first column is organization_id and first value $1. */
const SCOPED = /\borganization_id\s*=\s*\$1(?!\d)/;
const SCOPED_INSERT =
  /^\s*INSERT\s+INTO\s+\w+(?:\s+AS\s+\w+)?\s*\(\s*organization_id\s*,[^)]*\)\s*VALUES\s*\(\s*\$1\s*,/i;

/** Declares a tenant statement (at module load, so a statement that is not scoped fails every test that imports it). */
export function tenantSql(text: string): TenantSql {
  if (!SCOPED.test(text) && !SCOPED_INSERT.test(text))
    throw new Error(`tenant SQL must bind organization_id to $1: ${text}`);
  return text as TenantSql;
}

type Snake<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${Snake<T>}`
  : S;

/**
 * An entity's row as `rows()` returns it for `SELECT <its columns>`: snake_case column names,
 * bigint columns (numbers in the entity) as text. Derived from the entity, so the entity stays the
 * one description of the table.
 */
export type RowOf<E> = {
  [K in keyof E & string as Snake<K>]: E[K] extends number ? string : E[K];
};

/** An entity as a statement declared with isoTimestamps() returns it: its Date fields as ISO 8601 text. */
export type WithIsoTimestamps<E> = {
  [K in keyof E]: E[K] extends Date ? string : E[K];
};

type WhereOf<E> = Omit<FindOptionsWhere<E>, 'organizationId'>;

/** TypeORM's repository for a tenant entity, with organizationId forced into every where and every insert. */
export class TenantRepository<
  E extends ObjectLiteral & { organizationId: number },
> {
  constructor(
    private readonly repository: Repository<E>,
    /** Called with the tenant after a write that committed (not inside a caller's transaction). */
    private readonly afterWrite: (tenant: Tenant) => Promise<void> = () =>
      Promise.resolve(),
  ) {}

  private where(tenant: Tenant, where?: WhereOf<E>): FindOptionsWhere<E> {
    // Last, so a caller's where cannot replace it.
    return {
      ...(where ?? {}),
      organizationId: tenant.organizationId,
    } as FindOptionsWhere<E>;
  }

  find(
    tenant: Tenant,
    options: Omit<FindManyOptions<E>, 'where'> & { where?: WhereOf<E> } = {},
  ): Promise<E[]> {
    return this.repository.find({
      ...options,
      where: this.where(tenant, options.where),
    });
  }

  async findOne(tenant: Tenant, where: WhereOf<E>): Promise<E | undefined> {
    return (
      (await this.repository.findOneBy(this.where(tenant, where))) ?? undefined
    );
  }

  /** Inserts one row of the tenant; the entity comes back with its generated columns (id, created_at) filled in. */
  async insert(
    tenant: Tenant,
    values: Omit<DeepPartial<E>, 'organizationId'>,
  ): Promise<E> {
    const entity = this.repository.create({
      ...values,
      organizationId: tenant.organizationId,
    } as DeepPartial<E>);
    await this.repository.insert(entity);
    await this.afterWrite(tenant);
    return entity;
  }

  /** The number of rows deleted (0: none of the tenant's rows matched). */
  async delete(tenant: Tenant, where: WhereOf<E>): Promise<number> {
    const deleted =
      (await this.repository.delete(this.where(tenant, where))).affected ?? 0;
    if (deleted > 0) await this.afterWrite(tenant);
    return deleted;
  }
}

/** INSERT, UPDATE or DELETE anywhere in the statement (also inside a WITH). */
const WRITE =
  /\b(?:INSERT\s+INTO|UPDATE\s+\w+(?:\s+AS\s+\w+|\s+\w+)?\s+SET|DELETE\s+FROM)\b/i;
const isWriteCache = new Map<string, boolean>();
function isWrite(sql: TenantSql): boolean {
  let write = isWriteCache.get(sql);
  if (write === undefined) {
    write = WRITE.test(sql);
    isWriteCache.set(sql, write);
  }
  return write;
}

@Injectable()
export class TenantDataSource {
  constructor(
    @InjectDataSource(PRIMARY) private readonly primary: DataSource,
    private readonly router: ReadRouter,
  ) {}

  private readonly wrote = (tenant: Tenant): Promise<void> =>
    this.router.recordWrite(tenant.organizationId);

  /**
   * Rows of a SELECT or of a write with RETURNING, on the primary's pg pool, or on the connection
   * of `manager`'s transaction: pg directly, as the ReadRouter's statements, without a TypeORM
   * query runner around it, and as the statement was declared (prepared(), isoTimestamps()).
   */
  async rows<R>(
    tenant: Tenant,
    sql: TenantSql,
    params: readonly unknown[] = [],
    manager?: EntityManager,
  ): Promise<R[]> {
    const values = [tenant.organizationId, ...params];
    const pool = manager ? undefined : pgPoolOf(this.primary);
    let records: R[];
    if (pool) {
      records = await runStatement<R>(pool, sql, values);
    } else {
      const runner = manager?.queryRunner ?? this.primary.createQueryRunner();
      try {
        // TypeORM's Postgres query runner answers connect() with its pg client (the transaction's, in a transaction).
        const client = (await runner.connect()) as Queryable;
        records = await runStatement<R>(client, sql, values);
      } finally {
        if (runner !== manager?.queryRunner) await runner.release();
      }
    }
    // Inside a caller's transaction, transaction() records the position once it commits.
    if (!manager && isWrite(sql)) await this.wrote(tenant);
    return records;
  }

  /**
   * Read-only rows through the ReadRouter: a follower that has replayed the tenant's writes (and
   * `after`, a job's enqueue position), else the leader; with the route that says which and why.
   */
  read<R>(
    tenant: Tenant,
    sql: TenantSql,
    params: readonly unknown[] = [],
    after?: Lsn,
  ): Promise<Routed<R>> {
    return this.router.read<R>(
      tenant.organizationId,
      sql,
      [tenant.organizationId, ...params],
      after,
    );
  }

  repository<E extends ObjectLiteral & { organizationId: number }>(
    entity: EntityTarget<E>,
    manager?: EntityManager,
  ): TenantRepository<E> {
    return new TenantRepository(
      (manager ?? this.primary.manager).getRepository(entity),
      manager ? undefined : this.wrote,
    );
  }

  /** The primary's transaction for the tenant's writes; once it commits, the tenant's position is recorded. */
  async transaction<T>(
    tenant: Tenant,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const result = await this.primary.transaction(work);
    await this.wrote(tenant);
    return result;
  }
}

/** Import it in a feature module to inject TenantDataSource. */
@Module({ providers: [TenantDataSource], exports: [TenantDataSource] })
export class TenancyModule {}
