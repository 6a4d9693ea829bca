import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AccountDto } from '../../apps/api/src/accounts/dto/account.dto.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import { Http, signUp, uniqueName } from '../support/http.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** A user of one organization can neither read, change, delete nor count another's rows. */
describe('tenant isolation', () => {
  let testApp: TestApp;
  let alice: Http;
  let mallory: Http;
  let customer: { id: number; email: string };
  let account: { id: number };

  beforeAll(async () => {
    testApp = await startTestApp();
    const http = new Http(testApp.baseUrl);
    ({ client: alice } = await signUp(http, 'alice'));
    ({ client: mallory } = await signUp(http, 'mallory'));
    customer = (
      await alice.post<CustomerDto>('/api/customers', {
        name: 'Secret Co',
        email: `${uniqueName('s')}@x.example`,
      })
    ).body;
    account = (
      await alice.post<AccountDto>('/api/accounts', {
        customer_id: customer.id,
        name: 'Secret plan',
        status: 'active',
      })
    ).body;
  });
  afterAll(() => testApp.close());

  it('hides the other organization’s rows from lists and searches', async () => {
    expect((await mallory.get('/api/customers')).body).toEqual([]);
    expect((await mallory.get('/api/customers?q=Secret')).body).toEqual([]);
    expect((await mallory.get('/api/accounts')).body).toEqual([]);
    expect(
      (await mallory.get(`/api/accounts?customer_id=${customer.id}`)).body,
    ).toEqual([]);
  });

  it('answers 404 (not 403) for reads, updates and deletes of another organization’s rows', async () => {
    const attempts = [
      mallory.get(`/api/customers/${customer.id}`),
      mallory.get(`/api/customers/${customer.id}/accounts`),
      mallory.put(`/api/customers/${customer.id}`, {
        name: 'Pwned',
        email: 'pwned@x.example',
      }),
      mallory.delete(`/api/customers/${customer.id}`),
      mallory.get(`/api/accounts/${account.id}`),
      mallory.put(`/api/accounts/${account.id}`, {
        name: 'Pwned',
        status: 'inactive',
      }),
      mallory.delete(`/api/accounts/${account.id}`),
      mallory.get(`/api/analytics/customers/${customer.id}`),
    ];
    for (const response of await Promise.all(attempts))
      expect(response.status).toBe(404);

    // Nothing changed.
    expect(
      (await alice.get(`/api/customers/${customer.id}`)).body,
    ).toMatchObject({ name: 'Secret Co' });
    expect((await alice.get(`/api/accounts/${account.id}`)).body).toMatchObject(
      { name: 'Secret plan', status: 'active' },
    );
  });

  it('answers 422 when an account is created for another organization’s customer', async () => {
    const response = await mallory.post('/api/accounts', {
      customer_id: customer.id,
      name: 'Hijack',
      status: 'active',
    });
    expect(response.status).toBe(422);
    expect(
      (await alice.get(`/api/customers/${customer.id}/accounts`)).body,
    ).toHaveLength(1);
  });

  it('counts only the caller’s rows in analytics', async () => {
    const mine = await mallory.get('/api/analytics');
    expect(mine.body).toEqual({
      total_customers: 0,
      total_accounts: 0,
      active_accounts: 0,
      inactive_accounts: 0,
      avg_accounts_per_customer: 0,
    });
  });
});
