import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AccountDto } from '../../apps/api/src/accounts/dto/account.dto.js';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import { expectBadField } from '../support/errors.js';
import { newCustomer } from '../support/factories.js';
import { useSignedInApp } from '../support/test-app.js';

describe('accounts', () => {
  const suite = useSignedInApp('accounts');
  let customerId: number;

  beforeAll(async () => {
    customerId = (await newCustomer(suite.api, 'Owner')).id;
  });

  it('creates, reads, updates and deletes an account', async () => {
    const created = await suite.api.post<AccountDto>('/api/accounts', {
      customer_id: customerId,
      name: ' Pro plan ',
      status: 'active',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      customer_id: customerId,
      name: 'Pro plan',
      status: 'active',
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(
      (await suite.api.get<AccountDto>(`/api/accounts/${created.body.id}`))
        .body,
    ).toEqual(created.body);

    const updated = await suite.api.put<AccountDto>(
      `/api/accounts/${created.body.id}`,
      {
        name: 'Pro plan',
        status: 'inactive',
      },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: created.body.id,
      status: 'inactive',
      customer_id: customerId,
    });

    const deleted = await suite.api.delete(`/api/accounts/${created.body.id}`);
    expect(deleted.body).toEqual({ message: 'Account deleted successfully' });
    expect(
      (await suite.api.get(`/api/accounts/${created.body.id}`)).status,
    ).toBe(404);
  });

  it('defaults status to active', async () => {
    const created = await suite.api.post<AccountDto>('/api/accounts', {
      customer_id: customerId,
      name: 'Default',
    });
    expect(created.body.status).toBe('active');
  });

  it('answers 422 for a customer_id that does not exist in the organization, creating nothing', async () => {
    const before = (
      await suite.api.get<AccountDto[]>('/api/accounts?limit=500')
    ).body.length;
    const response = await suite.api.post<AccountDto>('/api/accounts', {
      customer_id: 999999999,
      name: 'Orphan',
      status: 'active',
    });
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      status_code: 422,
      error: expect.stringMatching(/customer_id/),
    });
    expect(
      (await suite.api.get<AccountDto[]>('/api/accounts?limit=500')).body
        .length,
    ).toBe(before);
  });

  it('filters by customer and status, and lists a customer’s accounts', async () => {
    const other = (await newCustomer(suite.api, 'Other')).id;
    await suite.api.post<AccountDto>('/api/accounts', {
      customer_id: other,
      name: 'A1',
      status: 'active',
    });
    await suite.api.post<AccountDto>('/api/accounts', {
      customer_id: other,
      name: 'A2',
      status: 'inactive',
    });
    await suite.api.post<AccountDto>('/api/accounts', {
      customer_id: other,
      name: 'A3',
      status: 'inactive',
    });

    const byCustomer = await suite.api.get<AccountDto[]>(
      `/api/accounts?customer_id=${other}`,
    );
    expect(byCustomer.body.map((a: { name: string }) => a.name)).toEqual([
      'A3',
      'A2',
      'A1',
    ]);
    const inactive = await suite.api.get<AccountDto[]>(
      `/api/accounts?customer_id=${other}&status=inactive`,
    );
    expect(inactive.body.map((a: { name: string }) => a.name)).toEqual([
      'A3',
      'A2',
    ]);

    const nested = await suite.api.get<AccountDto[]>(
      `/api/customers/${other}/accounts?limit=2`,
    );
    expect(nested.body.map((a: { name: string }) => a.name)).toEqual([
      'A3',
      'A2',
    ]);
    expect(nested.headers.get('link')).toMatch(/rel="next"/);
    expect(
      (await suite.api.get('/api/customers/999999999/accounts')).status,
    ).toBe(404);
  });

  it.each([
    [{ customer_id: '1', name: 'x', status: 'active' }, 'customer_id'],
    [{ customer_id: 0, name: 'x', status: 'active' }, 'customer_id'],
    [{ customer_id: 1, name: '', status: 'active' }, 'name'],
    [{ customer_id: 1, name: 'x', status: 'paused' }, 'status'],
    [{ customer_id: 1, name: 'x'.repeat(256) }, 'name'],
  ])('answers 400 for %j', async (body, field) => {
    expectBadField(
      await suite.api.post<ErrorResponseDto>('/api/accounts', body),
      field,
    );
  });

  it('answers 400 for a bad status filter', async () => {
    expect((await suite.api.get('/api/accounts?status=paused')).status).toBe(
      400,
    );
    expect((await suite.api.get('/api/accounts?customer_id=abc')).status).toBe(
      400,
    );
  });
});
