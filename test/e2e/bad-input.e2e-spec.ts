import { describe, expect, it } from '@jest/globals';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import { uniqueName } from '../support/http.js';
import { useSignedInApp } from '../support/test-app.js';

/** Leaks that must never appear in an error body. */
const LEAKS =
  /(\bat \w+ \(|\.ts:\d+|SELECT|INSERT|UPDATE |duplicate key|violates|QueryFailedError|node_modules|stack)/i;

describe('bad input: a clear 4xx, nothing changed, nothing leaked', () => {
  const suite = useSignedInApp('bad');

  async function customerCount(): Promise<number> {
    return (await suite.api.get<CustomerDto[]>('/api/customers?limit=500')).body
      .length;
  }

  interface Case {
    label: string;
    method: string;
    path: string;
    body?: unknown;
    status: number;
    field?: string;
    contentType?: string;
  }
  const cases: Case[] = [
    {
      label: 'malformed JSON',
      method: 'POST',
      path: '/api/customers',
      body: '{"name": "x", ',
      status: 400,
    },
    {
      label: 'a JSON array instead of an object',
      method: 'POST',
      path: '/api/customers',
      body: '[1,2]',
      status: 400,
    },
    {
      label: 'an unknown field',
      method: 'POST',
      path: '/api/customers',
      body: { name: 'x', email: 'x@x.example', admin: true },
      status: 400,
      field: 'admin',
    },
    {
      label: 'a missing field',
      method: 'POST',
      path: '/api/customers',
      body: { name: 'x' },
      status: 400,
      field: 'email',
    },
    {
      label: 'a wrong type',
      method: 'POST',
      path: '/api/customers',
      body: { name: 42, email: 'x@x.example' },
      status: 400,
      field: 'name',
    },
    {
      label: 'a null value',
      method: 'POST',
      path: '/api/customers',
      body: { name: null, email: 'x@x.example' },
      status: 400,
      field: 'name',
    },
    {
      label: 'a bad e-mail',
      method: 'POST',
      path: '/api/customers',
      body: { name: 'x', email: 'not-an-email' },
      status: 400,
      field: 'email',
    },
    {
      label: 'a blank name',
      method: 'POST',
      path: '/api/customers',
      body: { name: '   ', email: 'x@x.example' },
      status: 400,
      field: 'name',
    },
    {
      label: 'an over-long name',
      method: 'POST',
      path: '/api/customers',
      body: { name: 'n'.repeat(256), email: 'x@x.example' },
      status: 400,
      field: 'name',
    },
    {
      label: 'an over-long e-mail',
      method: 'POST',
      path: '/api/customers',
      body: { name: 'x', email: `${'e'.repeat(320)}@x.example` },
      status: 400,
      field: 'email',
    },
    {
      label: 'a non-numeric id',
      method: 'GET',
      path: '/api/customers/abc',
      status: 400,
      field: 'id',
    },
    {
      label: 'a zero id',
      method: 'GET',
      path: '/api/customers/0',
      status: 400,
      field: 'id',
    },
    {
      label: 'a negative id',
      method: 'PUT',
      path: '/api/customers/-1',
      body: { name: 'x', email: 'x@x.example' },
      status: 400,
      field: 'id',
    },
    {
      label: 'a fractional id',
      method: 'DELETE',
      path: '/api/customers/1.5',
      status: 400,
      field: 'id',
    },
    {
      label: 'an id beyond 2^53',
      method: 'GET',
      path: '/api/accounts/99999999999999999999',
      status: 400,
      field: 'id',
    },
    {
      label: 'a content type without a parser',
      method: 'POST',
      path: '/api/customers',
      body: 'name,email',
      status: 415,
      contentType: 'text/csv',
    },
  ];

  it.each(cases)(
    '$label: $method $path answers $status',
    async ({ method, path, body, status, field, contentType }) => {
      const before = await customerCount();
      const response = await suite.api.request<ErrorResponseDto>(
        method,
        path,
        body,
        contentType ? { 'content-type': contentType } : {},
      );
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({
        error: expect.any(String),
        status_code: status,
      });
      if (field)
        expect(response.body.details).toEqual(
          expect.arrayContaining([expect.objectContaining({ field })]),
        );
      expect(response.text).not.toMatch(LEAKS);
      expect(await customerCount()).toBe(before);
    },
  );

  it('answers 413 for a body over 1 MiB', async () => {
    const response = await suite.api.post('/api/customers', {
      name: 'x',
      email: 'x@x.example',
      padding: 'p'.repeat(1_100_000),
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ status_code: 413 });
  });

  it('answers a JSON 404 for an unknown route', async () => {
    const response = await suite.api.get('/api/nope');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      status_code: 404,
      error: expect.any(String),
    });
  });

  it('hides constraint details behind the 409', async () => {
    const email = `${uniqueName('leak')}@x.example`;
    await suite.api.post('/api/customers', { name: 'x', email });
    const response = await suite.api.post('/api/customers', {
      name: 'y',
      email,
    });
    expect(response.status).toBe(409);
    expect(response.text).not.toMatch(LEAKS);
    expect(response.text).not.toMatch(/customers_organization_email_key/);
  });
});
