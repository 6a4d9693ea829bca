import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type {
  DistributionBucketDto,
  GrowthDayDto,
} from '../../apps/api/src/analytics/dto/analytics.dto.js';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import {
  Http,
  type HttpResponse,
  signUp,
  uniqueName,
} from '../support/http.js';
import { useTestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

const utcDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** Reads `path` until `done` holds: replication is asynchronous, the follower may trail the writes by a few ms. */
async function caughtUp<T>(
  client: Http,
  path: string,
  done: (response: HttpResponse<T>) => boolean,
): Promise<HttpResponse<T>> {
  let response = await client.get<T>(path);
  await waitFor(
    `the follower to answer ${path} with the new rows`,
    async () => {
      response = await client.get<T>(path);
      return done(response);
    },
  );
  return response;
}

describe('analytics for the dashboard charts', () => {
  const suite = useTestApp();

  async function organizationWithAccounts(accountsPerCustomer: number[]) {
    const signedUp = await signUp(suite.http, 'charts');
    const ids: number[] = [];
    for (const [index, count] of accountsPerCustomer.entries()) {
      const customer = await signedUp.client.post<CustomerDto>(
        '/api/customers',
        {
          name: `C${index}`,
          email: `c${index}@${uniqueName('ch')}.example`,
        },
      );
      ids.push(customer.body.id);
      for (let account = 0; account < count; account += 1) {
        await signedUp.client.post('/api/accounts', {
          customer_id: customer.body.id,
          name: `A${account}`,
          status: account % 2 ? 'inactive' : 'active',
        });
      }
    }
    return { ...signedUp, ids };
  }

  it('counts customers per number of accounts, from 0 to the largest, on the follower', async () => {
    const { client } = await organizationWithAccounts([3, 1, 0, 1]);
    const response = await caughtUp<DistributionBucketDto[]>(
      client,
      '/api/analytics/distribution',
      (r) => r.body.some((b) => b.accounts === 3),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-served-by')).toBe('follower');
    expect(response.body).toEqual([
      { accounts: 0, customers: 1 },
      { accounts: 1, customers: 2 },
      { accounts: 2, customers: 0 },
      { accounts: 3, customers: 1 },
    ]);
  });

  it('answers one zero bucket for an organization without customers, and never another organization’s rows', async () => {
    await organizationWithAccounts([2]);
    const { client } = await signUp(suite.http, 'empty');
    const response = await client.get('/api/analytics/distribution');
    expect(response.status).toBe(200);
    expect(response.body).toEqual([{ accounts: 0, customers: 0 }]);
    const growth = await client.get('/api/analytics/growth?days=3');
    expect(growth.body).toEqual(
      [-2, -1, 0].map((offset) => ({
        day: utcDay(offset),
        new_customers: 0,
        new_accounts: 0,
        deleted_customers: 0,
        deleted_accounts: 0,
        total_customers: 0,
        total_accounts: 0,
        active_accounts: 0,
        inactive_accounts: 0,
      })),
    );
  });

  it('answers one row per UTC day, oldest first, with running totals that end at the current totals', async () => {
    const { client, organizationId, ids } = await organizationWithAccounts([
      2, 1, 0, 0,
    ]);
    const leader = new pg.Client({
      connectionString: process.env.TEST_DATABASE_URL,
    });
    await leader.connect();
    try {
      // One customer (with its two accounts) three days ago, one long before the window.
      await leader.query(
        `UPDATE customers SET created_at = now() - interval '3 days' WHERE organization_id = $1 AND id = $2`,
        [organizationId, ids[0]],
      );
      await leader.query(
        `UPDATE accounts SET created_at = now() - interval '3 days' WHERE organization_id = $1 AND customer_id = $2`,
        [organizationId, ids[0]],
      );
      await leader.query(
        `UPDATE customers SET created_at = now() - interval '400 days' WHERE organization_id = $1 AND id = $2`,
        [organizationId, ids[3]],
      );
    } finally {
      await leader.end();
    }
    const response = await caughtUp<GrowthDayDto[]>(
      client,
      '/api/analytics/growth?days=7',
      (r) => r.body.at(0)?.total_customers === 1,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('x-served-by')).toBe('follower');
    expect(response.body.map((row) => row.day)).toEqual(
      [-6, -5, -4, -3, -2, -1, 0].map(utcDay),
    );
    const byDay = Object.fromEntries(
      response.body.map((row) => [row.day, row]),
    );
    // UTC midnight may fall between "3 days ago" and now: look the backdated rows up by their own day.
    const threeDaysAgo = new Date(Date.now() - 3 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(byDay[threeDaysAgo]).toMatchObject({
      new_customers: 1,
      new_accounts: 2,
    });
    expect(byDay[utcDay(0)]).toMatchObject({
      new_customers: 2,
      new_accounts: 1,
      total_customers: 4,
      total_accounts: 3,
    });
    expect(response.body[0]).toMatchObject({
      total_customers: 1,
      total_accounts: 0,
    });
    const totals = await client.get('/api/analytics');
    expect(totals.body).toMatchObject({
      total_customers: 4,
      total_accounts: 3,
    });
  });

  it('defaults to 30 days and accepts 1 to 366', async () => {
    const { client } = await signUp(suite.http, 'days');
    expect((await client.get('/api/analytics/growth')).body).toHaveLength(30);
    expect(
      (await client.get('/api/analytics/growth?days=1')).body,
    ).toHaveLength(1);
    expect(
      (await client.get('/api/analytics/growth?days=366')).body,
    ).toHaveLength(366);
  });

  it.each(['days=0', 'days=367', 'days=abc', 'days=1.5', 'other=1'])(
    'answers 400 for ?%s',
    async (query) => {
      const { client } = await signUp(suite.http, 'bad');
      const response = await client.get<ErrorResponseDto>(
        `/api/analytics/growth?${query}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.status_code).toBe(400);
    },
  );

  it('requires a token', async () => {
    expect((await suite.http.get('/api/analytics/distribution')).status).toBe(
      401,
    );
    expect((await suite.http.get('/api/analytics/growth')).status).toBe(401);
  });
});
