import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { connectLeader } from '../support/org-state.js';
import { Http, signUp } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { stopAll } from '../support/stop-all.js';

/**
 * The seed's clients never page: a list without `limit` answers LIST_DEFAULT_LIMIT rows (default
 * 1000), so lists of ordinary size arrive whole; `limit` may ask for 1-1000.
 */
describe('list sizes: LIST_DEFAULT_LIMIT when no limit is given, limit 1-1000', () => {
  const ROWS = 1003;
  let testApp: TestApp;
  let leader: pg.Client;
  let api: Http;
  let customerId: number;

  beforeAll(async () => {
    testApp = await startTestApp();
    leader = await connectLeader();
    const { client, organizationId } = await signUp(
      new Http(testApp.baseUrl),
      'lists',
    );
    api = client;
    // Rows by SQL: a thousand POSTs would take most of the test's time.
    await leader.query(
      `INSERT INTO customers (organization_id, name, email) SELECT $1, 'Customer ' || g, 'c' || g || '@x.example' FROM generate_series(1, $2::int) g`,
      [organizationId, ROWS],
    );
    const { rows } = await leader.query<{ id: string }>(
      `SELECT max(id) AS id FROM customers WHERE organization_id = $1`,
      [organizationId],
    );
    customerId = Number(rows[0].id);
    await leader.query(
      `INSERT INTO accounts (organization_id, customer_id, name, status) SELECT $1, $2, 'Plan ' || g, 'active' FROM generate_series(1, $3::int) g`,
      [organizationId, customerId, ROWS],
    );
  });
  afterAll(async () => {
    await stopAll(leader, testApp);
  });

  /** Follows the Link header once, to show the default page is a real first page. */
  function nextPath(response: { headers: Headers }): string | undefined {
    return /^<([^>]+)>; rel="next"$/.exec(
      response.headers.get('link') ?? '',
    )?.[1];
  }

  it.each(['/api/customers', '/api/accounts', '/api/customers/:id/accounts'])(
    '%s without limit answers 1000 rows and a Link to the rest',
    async (route) => {
      const path = route.replace(':id', String(customerId));
      const first = await api.get<{ id: number }[]>(path);
      expect(first.status).toBe(200);
      expect(first.body).toHaveLength(1000);
      const next = nextPath(first);
      expect(next).toBeDefined();
      if (next === undefined) throw new Error('no Link to the next page');
      const rest = await api.get<{ id: number }[]>(next);
      expect(rest.body).toHaveLength(ROWS - 1000);
      expect(nextPath(rest)).toBeUndefined();
      const ids = new Set([...first.body, ...rest.body].map((row) => row.id));
      expect(ids.size).toBe(ROWS);
    },
  );

  it.each(['/api/customers', '/api/accounts', '/api/customers/:id/accounts'])(
    '%s?limit=1000 is allowed, 1001 and 0 are 400',
    async (route) => {
      const path = route.replace(':id', String(customerId));
      expect((await api.get(`${path}?limit=1000`)).body).toHaveLength(1000);
      for (const limit of ['1001', '0']) {
        const response = await api.get(`${path}?limit=${limit}`);
        expect(response.status).toBe(400);
        expect(response.body).toMatchObject({
          status_code: 400,
          error: expect.stringMatching(/^limit: /),
          details: [{ field: 'limit' }],
        });
      }
    },
  );

  it('LIST_DEFAULT_LIMIT sets the default page size', async () => {
    const small = await startTestApp({ LIST_DEFAULT_LIMIT: '7' });
    try {
      const { client } = await signUp(new Http(small.baseUrl), 'lists7');
      for (let index = 0; index < 9; index += 1) {
        expect(
          (
            await client.post('/api/customers', {
              name: `C${index}`,
              email: `c${index}@x.example`,
            })
          ).status,
        ).toBe(201);
      }
      const page = await client.get('/api/customers');
      expect(page.body).toHaveLength(7);
      expect(nextPath(page)).toBeDefined();
      expect((await client.get('/api/customers?limit=9')).body).toHaveLength(9);
    } finally {
      await small.close();
    }
  });
});
