import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import {
  containsPattern,
  CUSTOMER_SQL,
} from '../../apps/api/src/customers/customers.repository.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import { type Http, signUp } from '../support/http.js';
import { connectLeader } from '../support/org-state.js';
import { useTestApp } from '../support/test-app.js';

/** Customers per organization: enough that reading all of one organization's rows costs the planner more than the index. */
const CUSTOMERS = 30_000;
const LIMIT = 50;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Scan Direction'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

/**
 * The customers list's search (`q`) at size: the planner serves a selective term from the trigram
 * index customers_search_idx (migration 1764500000000), and keeps the ordered scan that stops after
 * one page for a term too short for trigrams or matching most rows; the answers stay the same.
 */
describe('customer search at size', () => {
  const suite = useTestApp();
  let leader: pg.Client;
  let api: Http;
  let organizationId: number;
  const neighbours: number[] = [];

  /** Customer n of an organization: created n minutes ago, so newest first is ascending n. */
  const seed = (organization: number, domain: string) =>
    leader.query(
      `INSERT INTO customers (organization_id, name, email, created_at)
       SELECT $1, 'Customer ' || g, 'customer' || g || '@' || $2, now() - g * interval '1 minute'
         FROM generate_series(1, $3::int) g`,
      [organization, domain, CUSTOMERS],
    );

  beforeAll(async () => {
    leader = await connectLeader();
    const owner = await signUp(suite.http, 'search');
    api = owner.client;
    organizationId = owner.organizationId;
    await seed(organizationId, 'shop.example');
    // Other organizations with the same names: the index must narrow to the caller's.
    for (const name of ['search-neighbour-1', 'search-neighbour-2']) {
      const { rows } = await leader.query<{ id: string }>(
        'INSERT INTO organizations (name) VALUES ($1) RETURNING id',
        [name],
      );
      neighbours.push(Number(rows[0].id));
      await seed(Number(rows[0].id), 'shop.example');
    }
  }, 120_000);

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed before connecting
    if (!leader) return;
    await leader.query(
      'DELETE FROM organizations WHERE id = ANY($1::bigint[])',
      [[...neighbours, organizationId]],
    );
    await leader.end();
  });

  /**
   * The plan of the list statement the API runs for `q` (first page, newest first), costed with
   * statistics from a sample as large as the table (300 x the target): the same on every run, not
   * those of one random sample. ANALYZE in the same transaction holds the table's
   * ShareUpdateExclusiveLock until the plan is made, so autovacuum cannot replace those statistics
   * with its own sample (at the default target) meanwhile: other suites insert customers into the
   * shared table all the time, and once it did, between a beforeAll's ANALYZE and the plans.
   * The trigram index's pending list (GIN's fast update: recent insertions, read linearly by every
   * search) is merged first: the planner costs it, and the 90,000 rows inserted here plus the
   * other suites' made the primary key look cheaper once. Autovacuum merges it in production;
   * a manual ANALYZE does not.
   */
  async function planOf(q: string): Promise<PlanNode[]> {
    await leader.query('BEGIN');
    try {
      await leader.query(
        "SELECT gin_clean_pending_list('customers_search_idx'::regclass)",
      );
      await leader.query('SET LOCAL default_statistics_target = 1000');
      await leader.query('ANALYZE customers');
      const { rows } = await leader.query<{
        'QUERY PLAN': [{ Plan: PlanNode }];
      }>(`EXPLAIN (FORMAT JSON) ${CUSTOMER_SQL.list}`, [
        organizationId,
        null,
        null,
        containsPattern(q),
        LIMIT,
      ]);
      return nodes(rows[0]['QUERY PLAN'][0].Plan);
    } finally {
      await leader.query('COMMIT');
    }
  }

  const indexesIn = (plan: PlanNode[]) =>
    plan.flatMap((node) => (node['Index Name'] ? [node['Index Name']] : []));

  it.each(['Customer 2999', 'customer2999@', '2999@shop'])(
    'serves the selective term %j from the trigram index',
    async (q) => {
      const plan = await planOf(q);
      expect(indexesIn(plan)).toContain('customers_search_idx');
      expect(plan.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    },
  );

  it.each(['7', '99', 'Customer', 'shop.example'])(
    'serves the short or common term %j by the ordered scan that stops after one page',
    async (q) => {
      const plan = await planOf(q);
      expect(indexesIn(plan)).toEqual(['customers_organization_created_idx']);
      expect(plan.map((node) => node['Node Type'])).not.toContain('Sort');
    },
  );

  it('answers the same rows as before, newest first, only from the caller organization', async () => {
    const matching = (q: string) =>
      Array.from({ length: CUSTOMERS }, (_, i) => i + 1)
        .filter(
          (n) =>
            `Customer ${n}`.toLowerCase().includes(q.toLowerCase()) ||
            `customer${n}@shop.example`.includes(q.toLowerCase()),
        )
        .slice(0, LIMIT)
        .map((n) => `Customer ${n}`);
    for (const q of ['Customer 2999', 'CUSTOMER2999@', '7', 'Customer']) {
      const response = await api.get<CustomerDto[]>(
        `/api/customers?limit=${LIMIT}&q=${encodeURIComponent(q)}`,
      );
      expect(response.status).toBe(200);
      expect(response.body.map((customer) => customer.name)).toEqual(
        matching(q),
      );
    }
  });
});
