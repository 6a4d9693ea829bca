import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  Http,
  type HttpResponse,
  signUp,
  uniqueName,
} from '../support/http.js';
import { type AppWithLeader, startAppWithLeader } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';
import { type ApiRoute, readApiRoutes } from '../support/openapi.js';
import type { AnalyticsDto } from '../../apps/api/src/analytics/dto/analytics.dto.js';
import type { UserDto } from '../../apps/api/src/auth/dto/auth.dto.js';
import { newAccount, newCustomer } from '../support/factories.js';
import type { EnqueuedJobDto } from '../../apps/api/src/jobs/dto/jobs.dto.js';
import { stopAll } from '../support/stop-all.js';

/**
 * The tenancy sweep: every route of /swagger-json, called by organization B with organization A's
 * ids, must not reach A's rows. Nothing here names a route except the ones out of scope, so a route
 * added later is swept without a test being written for it, and a route the sweep cannot exercise
 * (an id it has no fixture for) fails the test, naming the route.
 *
 * For each route, as B:
 * - a path id (A's customer, account, user or job, chosen by the path segment before it) answers 404;
 * - otherwise a referenced id in the body (`customer_id`: A's customer) answers 422;
 * - otherwise (lists, aggregates, creates) the route answers 2xx, and a GET's answer (with A's ids in
 *   any `*_id` query parameter) is the same before and after A's data changes: B's view does not
 *   depend on A's rows (this is what catches an unscoped count or list);
 * - and A's fingerprint (every column of its users, customers, accounts, sessions; its jobs) is unchanged.
 */

/** Routes without a tenant's ids to try, each with the reason. Everything else in /swagger-json is swept. */
const OUT_OF_SCOPE: Record<string, string> = {
  'POST /api/auth/register':
    'public: creates a new organization, names no existing one',
  'POST /api/auth/login': 'public: takes a username and password, no ids',
  'POST /api/auth/refresh':
    'public: the refresh token names its own session (sessions.e2e-spec.ts covers foreign tokens)',
  'POST /api/auth/logout':
    "acts on the caller's own session (from the token), takes no ids",
  'PUT /api/auth/password':
    "acts on the caller's own user (from the token), takes no ids",
  'GET /api/auth/demo-login':
    'public: the demo sign-in (SEED_DATA), the same for every caller, no ids',
  'GET /api/auth/me':
    "answers the caller's own user (from the token), takes no ids",
  'GET /health': 'public: database health, no tenant data',
  'GET /api/system/routing':
    "platform status, as /health and /metrics show it: the followers' lag and this process's read counts, no tenant data",
};

type Route = ApiRoute;

/** A's rows by the resource name used in paths (`/api/customers/{id}`) and in references (`customer_id`). */
type Fixtures = Partial<Record<string, string>>;

const resourceOfReference = (field: string) => `${field.replace(/_id$/, '')}s`;

/** The request B sends for a route, with A's ids; or the reason it cannot be built. */
function attack(
  route: Route,
  fixtures: Fixtures,
):
  | {
      url: string;
      body?: Record<string, unknown>;
      foreignPath: boolean;
      foreignBody: boolean;
    }
  | { problem: string } {
  let problem: string | undefined;
  const segments = route.path.split('/');
  const url = segments
    .map((segment, index) => {
      const param = /^\{(\w+)\}$/.exec(segment)?.[1];
      if (!param) return segment;
      const resource = segments[index - 1];
      const id = fixtures[resource];
      if (id === undefined)
        problem ??= `${route.key}: no fixture for path parameter {${param}} after /${resource}/ (add one to the sweep)`;
      return id ?? segment;
    })
    .join('/');
  const query = route.queryParams
    .filter((name) => name.endsWith('_id'))
    .map((name) => {
      const id = fixtures[resourceOfReference(name)];
      if (id === undefined)
        problem ??= `${route.key}: no fixture for query parameter ${name} (add one to the sweep)`;
      return `${name}=${id}`;
    });
  let body: Record<string, unknown> | undefined;
  let foreignBody = false;
  if (route.body) {
    body = {};
    for (const [name, property] of Object.entries(route.body.properties)) {
      if (name.endsWith('_id')) {
        const id = fixtures[resourceOfReference(name)];
        if (id === undefined)
          problem ??= `${route.key}: no fixture for body field ${name} (add one to the sweep)`;
        body[name] = property.type === 'string' ? id : Number(id);
        foreignBody = true;
      } else if (name.includes('email'))
        body[name] = `${uniqueName('sweep')}@x.example`;
      else if (name === 'username') body[name] = uniqueName('sweep');
      else if (name === 'password') body[name] = 'password-123';
      else if (property.format === 'date' || name === 'date')
        body[name] = new Date().toISOString().slice(0, 10);
      else
        body[name] =
          property.example ??
          property.default ??
          property.enum?.[0] ??
          (property.type === 'number' || property.type === 'integer'
            ? 1
            : 'sweep');
    }
  }
  if (problem) return { problem };
  return {
    url: query.length ? `${url}?${query.join('&')}` : url,
    body,
    foreignPath: route.pathParams.length > 0,
    foreignBody,
  };
}

/** What B may see: status and body, without the per-request id of error bodies. */
function view(response: HttpResponse): unknown {
  const body =
    response.body &&
    typeof response.body === 'object' &&
    !Array.isArray(response.body)
      ? { ...response.body, request_id: undefined }
      : response.body;
  return { status: response.status, body };
}

describe('tenancy sweep: every route from /swagger-json, with another organization’s ids', () => {
  let app: AppWithLeader;
  let routes: Route[];
  let a: { client: Http; organizationId: number };
  let b: Http;
  let bOrganizationId: number;
  const fixtures: Fixtures = {};

  beforeAll(async () => {
    // Jobs in-process (pg-boss on the primary), no schedule: A's job is the only one.
    app = await startAppWithLeader();
    const anonymous = app.http;
    a = await signUp(anonymous, 'sweep-a');
    ({ client: b, organizationId: bOrganizationId } = await signUp(
      anonymous,
      'sweep-b',
    ));
    const customer = await newCustomer(a.client, 'A secret');
    const account = await newAccount(a.client, customer.id, 'A plan');
    const member = await a.client.post<UserDto>('/api/users', {
      username: uniqueName('a-member'),
      password: 'password-123',
    });
    const job = await a.client.post<EnqueuedJobDto>('/api/jobs/aggregate', {});
    expect([member.status, job.status]).toEqual([201, 202]);
    Object.assign(fixtures, {
      customers: String(customer.id),
      accounts: String(account.id),
      users: String(member.body.id),
      jobs: job.body.job_id,
    });
    routes = readApiRoutes((await anonymous.get('/swagger-json')).body);
  });
  afterAll(async () => {
    await stopAll(app);
  });

  it('can exercise every route that is not listed as out of scope (and every listed one exists)', () => {
    const keys = routes.map((route) => route.key);
    expect(
      Object.keys(OUT_OF_SCOPE).filter((key) => !keys.includes(key)),
    ).toEqual([]);
    const problems = routes
      .filter((route) => !(route.key in OUT_OF_SCOPE))
      .flatMap((route) => {
        const built = attack(route, fixtures);
        return 'problem' in built ? [built.problem] : [];
      });
    expect(problems).toEqual([]);
    expect(
      routes.filter((route) => !(route.key in OUT_OF_SCOPE)).length,
    ).toBeGreaterThanOrEqual(20);
  });

  // Before B writes anything: B's own rows (and jobs) stay as they are between the two reads.
  it("gives B the same answer to every read whatever A's rows are", async () => {
    const reads = routes.filter(
      (route) => route.method === 'GET' && !(route.key in OUT_OF_SCOPE),
    );
    const readAll = async () => {
      const views: Record<string, unknown> = {};
      for (const route of reads) {
        const built = attack(route, fixtures);
        if ('problem' in built) throw new Error(built.problem);
        views[route.key] = view(await b.get(built.url));
      }
      return views;
    };
    // B's own state, which only B's requests (none here) and other test files' scheduled aggregation
    // (a snapshot for every organization in the shared database) can change: an attempt during which
    // it changed proves nothing either way and is made again.
    const ownState = async () =>
      (
        await app.leader.query<{ n: number; at: Date | null }>(
          'SELECT count(*)::int AS n, max(computed_at) AS at FROM daily_snapshots WHERE organization_id = $1',
          [bOrganizationId],
        )
      ).rows[0];
    let changed: { route: string; before: unknown; after: unknown }[] = [];
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const ownBefore = JSON.stringify(await ownState());
      const first = await readAll();

      // A's data changes: a new customer, an account under the customer B aims at, a renamed account.
      const analyticsBefore = (
        await a.client.get<AnalyticsDto>('/api/analytics')
      ).body;
      await newCustomer(a.client, `A more ${attempt}`);
      await newAccount(
        a.client,
        Number(fixtures.customers),
        `A plan ${attempt}`,
        'inactive',
      );
      const renamed = await a.client.put(`/api/accounts/${fixtures.accounts}`, {
        name: `A plan renamed ${attempt}`,
        status: 'inactive',
      });
      expect(renamed.status).toBe(200);
      // Reads on the follower see it too before B looks again.
      await waitFor('A’s change on the follower', async () => {
        const now = (await a.client.get<AnalyticsDto>('/api/analytics')).body;
        return (
          now.total_customers === analyticsBefore.total_customers + 1 &&
          now.total_accounts === analyticsBefore.total_accounts + 1
        );
      });

      const second = await readAll();
      changed = reads
        .filter(
          (route) =>
            JSON.stringify(first[route.key]) !==
            JSON.stringify(second[route.key]),
        )
        .map((route) => ({
          route: route.key,
          before: first[route.key],
          after: second[route.key],
        }));
      if (JSON.stringify(await ownState()) === ownBefore) break;
    }
    expect(changed).toEqual([]);
  });

  it("answers 404 for A's ids in the path, 422 for A's ids in the body, and changes nothing of A's", async () => {
    const failures: string[] = [];
    // Reads first and writes after, deletes last: a write that wrongly succeeded cannot hide a later route's leak.
    const order = (route: Route) =>
      ({ GET: 0, POST: 1, PUT: 2, PATCH: 2, DELETE: 3 })[route.method] ?? 1;
    for (const route of routes
      .filter((r) => !(r.key in OUT_OF_SCOPE))
      .sort((x, y) => order(x) - order(y))) {
      const built = attack(route, fixtures);
      if ('problem' in built) {
        failures.push(built.problem);
        continue;
      }
      const before = await app.fingerprint(a.organizationId);
      const response = await b.request(route.method, built.url, built.body);
      const after = await app.fingerprint(a.organizationId);
      const expected = built.foreignPath
        ? [404]
        : built.foreignBody
          ? [422]
          : [200, 201, 202];
      if (!expected.includes(response.status))
        failures.push(
          `${route.key} as B (${built.url}): ${response.status}, expected ${expected.join('/')}: ${response.text.slice(0, 200)}`,
        );
      if (after !== before)
        failures.push(`${route.key} as B changed organization A's rows`);
    }
    expect(failures).toEqual([]);
  });
});
