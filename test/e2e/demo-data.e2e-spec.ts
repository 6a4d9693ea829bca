import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_PASSWORD, DEMO_USERNAME } from '@app/database';
import type { LoginResponseDto } from '../../apps/api/src/auth/dto/auth.dto.js';
import type { GrowthDayDto } from '../../apps/api/src/analytics/dto/analytics.dto.js';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import { Http } from '../support/http.js';
import { jobInState } from '../support/jobs.js';
import {
  createOwnDatabase,
  type OwnDatabase,
} from '../support/own-database.js';
import { stopAll } from '../support/stop-all.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const DEMO = { username: DEMO_USERNAME, password: DEMO_PASSWORD };

/**
 * The demo data (SEED_DATA=true) on a database of the file's own: the seed fills only an empty
 * database, and the demo user's name is global.
 */
describe('demo data: the seed over 90 days and the sign-in hint', () => {
  let database: OwnDatabase | undefined;
  let seeded: TestApp | undefined;
  let unseeded: TestApp | undefined;
  let http: Http;

  beforeAll(async () => {
    database = await createOwnDatabase('demo');
    // Starting applies the migrations and seeds the empty database.
    seeded = await startTestApp({ ...database.env, SEED_DATA: 'true' });
    http = new Http(seeded.baseUrl);
    // The same database without SEED_DATA. Both apps run until the end: closing one in the middle
    // of the file made the other's next queries fail ("Driver not Connected").
    unseeded = await startTestApp({ ...database.env, SEED_DATA: 'false' });
  }, 60_000);
  afterAll(async () => {
    await stopAll(unseeded, seeded);
    await database?.drop();
  });

  async function signIn(password = DEMO_PASSWORD): Promise<Http> {
    const login = await http.post<LoginResponseDto>('/api/auth/login', {
      username: DEMO_USERNAME,
      password,
    });
    expect(login.status).toBe(200);
    return http.withToken(login.body.token);
  }

  it('gives the sign-in page the demo login while the demo user has the demo password, then 404 once it changed', async () => {
    const hint = await http.get('/api/auth/demo-login');
    expect(hint.status).toBe(200);
    expect(hint.body).toEqual(DEMO);

    const demo = await signIn();
    const changed = await demo.put('/api/auth/password', {
      current_password: DEMO_PASSWORD,
      new_password: 'not-the-demo-password',
    });
    expect(changed.status).toBe(200);
    const gone = await http.get<ErrorResponseDto>('/api/auth/demo-login');
    expect(gone.status).toBe(404);
    expect(gone.body).toEqual({
      error: 'No demo login on this server',
      status_code: 404,
      request_id: expect.any(String),
    });

    // Back to the demo password: the hint is true again (and the other tests can sign in).
    const restored = await demo.put('/api/auth/password', {
      current_password: 'not-the-demo-password',
      new_password: DEMO_PASSWORD,
    });
    expect(restored.status).toBe(200);
    expect((await http.get('/api/auth/demo-login')).body).toEqual(DEMO);
  });

  it('gives no demo login with SEED_DATA off, although the demo user is there', async () => {
    const answer = await new Http(
      unseeded?.baseUrl ?? '',
    ).get<ErrorResponseDto>('/api/auth/demo-login');
    expect(answer.status).toBe(404);
    expect(answer.body.error).toBe('No demo login on this server');
  });

  it('spreads the demo customers and accounts over the last 90 days: the growth chart is a curve, not a step', async () => {
    const demo = await signIn();
    const growth = await demo.get<GrowthDayDto[]>(
      '/api/analytics/growth?days=90',
    );
    expect(growth.status).toBe(200);
    const days = growth.body;
    expect(days).toHaveLength(90);
    const totals = await demo.get<Record<string, number>>('/api/analytics');
    const last = days[days.length - 1];
    expect(last).toMatchObject({
      total_customers: totals.body.total_customers,
      total_accounts: totals.body.total_accounts,
    });
    expect(totals.body).toMatchObject({
      total_customers: 50,
      total_accounts: 109,
    });
    expect(days[0].total_customers).toBe(0);
    // Growing on many days, not once today.
    expect(
      new Set(days.map((day) => day.total_customers)).size,
    ).toBeGreaterThan(20);
    expect(days.filter((day) => day.new_customers > 0).length).toBeGreaterThan(
      20,
    );
    expect(days.filter((day) => day.new_accounts > 0).length).toBeGreaterThan(
      30,
    );
    const half = days[44];
    expect(half.total_customers).toBeGreaterThan(5);
    expect(half.total_customers).toBeLessThan(last.total_customers - 10);
    // Deletions and status changes on past days, as the rollups recorded them (analytics.event_day).
    const sum = (field: keyof GrowthDayDto) =>
      days.reduce((total, day) => total + Number(day[field]), 0);
    expect(sum('deleted_customers')).toBe(3);
    expect(sum('deleted_accounts')).toBeGreaterThan(6);
    expect(
      days.filter((day) => day.deleted_customers + day.deleted_accounts > 0)
        .length,
    ).toBeGreaterThan(5);
    expect(
      days.filter(
        (day, index) =>
          index > 0 &&
          day.inactive_accounts !== days[index - 1].inactive_accounts,
      ).length,
    ).toBeGreaterThan(10);
    expect(last).toMatchObject({
      active_accounts: totals.body.active_accounts,
      inactive_accounts: totals.body.inactive_accounts,
    });
    expect(totals.body.inactive_accounts).toBeGreaterThan(0);
    // The five named customers are still there.
    const customers = await demo.get<{ name: string }[]>(
      '/api/customers?sort=created_at&order=asc&limit=5',
    );
    expect(customers.body.map((customer) => customer.name)).toEqual([
      'Acme Corporation',
      'Globex Inc',
      'Initech',
      'Umbrella Ltd',
      'Stark Industries',
    ]);
  });

  it('writes the demo history through the rollups exactly: an aggregation job finds no drift', async () => {
    const demo = await signIn();
    const enqueued = await demo.post<{ job_id: string }>(
      '/api/jobs/aggregate',
      {},
    );
    expect(enqueued.status).toBe(202);
    const job = await jobInState(demo, enqueued.body.job_id);
    expect(job.state).toBe('completed');
    expect(job.result).toMatchObject({
      total_customers: 50,
      total_accounts: 109,
      rollup_drift: 0,
    });
  });
});
