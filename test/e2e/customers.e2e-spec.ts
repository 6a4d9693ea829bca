import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AccountDto } from '../../apps/api/src/accounts/dto/account.dto.js';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import {
  Http,
  type HttpResponse,
  signUp,
  uniqueName,
} from '../support/http.js';
import { newCustomer } from '../support/factories.js';
import { connectLeader } from '../support/org-state.js';
import { useSignedInApp } from '../support/test-app.js';

describe('customers', () => {
  const suite = useSignedInApp('customers');

  it('creates a customer with a trimmed name and a lower-cased e-mail', async () => {
    const created = await suite.api.post<CustomerDto>('/api/customers', {
      name: '  Acme Corp  ',
      email: ' Billing@ACME.example ',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(Number),
      name: 'Acme Corp',
      email: 'billing@acme.example',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    const fetched = await suite.api.get<CustomerDto>(
      `/api/customers/${created.body.id}`,
    );
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
  });

  it('answers 409 for an e-mail already used in the organization, in any case', async () => {
    const email = `${uniqueName('dup')}@x.example`;
    expect(
      (
        await suite.api.post<CustomerDto>('/api/customers', {
          name: 'One',
          email,
        })
      ).status,
    ).toBe(201);
    const again = await suite.api.post<CustomerDto>('/api/customers', {
      name: 'Two',
      email: email.toUpperCase(),
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({
      status_code: 409,
      error: expect.stringMatching(/email/i),
    });
  });

  it('allows the same e-mail in another organization', async () => {
    const email = `${uniqueName('shared')}@x.example`;
    const other = await signUp(suite.http, 'other');
    expect(
      (
        await suite.api.post<CustomerDto>('/api/customers', {
          name: 'Here',
          email,
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await other.client.post<CustomerDto>('/api/customers', {
          name: 'There',
          email,
        })
      ).status,
    ).toBe(201);
  });

  it('updates name and e-mail, moving updated_at, and 409s on a taken e-mail', async () => {
    const a = await suite.api.post<CustomerDto>('/api/customers', {
      name: 'A',
      email: `${uniqueName('a')}@x.example`,
    });
    const b = await suite.api.post<CustomerDto>('/api/customers', {
      name: 'B',
      email: `${uniqueName('b')}@x.example`,
    });
    const updated = await suite.api.put<CustomerDto>(
      `/api/customers/${a.body.id}`,
      {
        name: 'A2',
        email: `${uniqueName('a2')}@x.example`,
      },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      id: a.body.id,
      name: 'A2',
      created_at: a.body.created_at,
    });
    expect(Date.parse(updated.body.updated_at)).toBeGreaterThan(
      Date.parse(a.body.updated_at),
    );
    const clash = await suite.api.put<CustomerDto>(
      `/api/customers/${a.body.id}`,
      {
        name: 'A3',
        email: b.body.email,
      },
    );
    expect(clash.status).toBe(409);
    expect(
      (await suite.api.get<CustomerDto>(`/api/customers/${a.body.id}`)).body
        .name,
    ).toBe('A2');
  });

  it('deletes a customer together with its accounts', async () => {
    const customer = await suite.api.post<CustomerDto>('/api/customers', {
      name: 'Doomed',
      email: `${uniqueName('d')}@x.example`,
    });
    const account = await suite.api.post<AccountDto>('/api/accounts', {
      customer_id: customer.body.id,
      name: 'Plan',
      status: 'active',
    });
    expect(account.status).toBe(201);
    const deleted = await suite.api.delete(
      `/api/customers/${customer.body.id}`,
    );
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ message: 'Customer deleted successfully' });
    expect(
      (await suite.api.get<CustomerDto>(`/api/customers/${customer.body.id}`))
        .status,
    ).toBe(404);
    expect(
      (await suite.api.get(`/api/accounts/${account.body.id}`)).status,
    ).toBe(404);
    expect(
      (await suite.api.delete(`/api/customers/${customer.body.id}`)).status,
    ).toBe(404);
  });

  it('answers 404 with the contract error shape for an unknown id', async () => {
    const response = await suite.api.get('/api/customers/999999999');
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      error: 'Customer not found',
      status_code: 404,
    });
  });

  describe('listing', () => {
    let lister: Http;
    const names: string[] = [];

    beforeAll(async () => {
      ({ client: lister } = await signUp(suite.http, 'lister'));
      for (let index = 0; index < 7; index += 1) {
        const name =
          index % 2 === 0 ? `Even Widget ${index}` : `Odd Gadget ${index}`;
        names.push(name);
        await lister.post<CustomerDto>('/api/customers', {
          name,
          email: `c${index}@${uniqueName('list')}.example`,
        });
      }
    });

    it('returns a plain array, newest first, all of it when there are fewer than LIST_DEFAULT_LIMIT', async () => {
      const response = await lister.get<CustomerDto[]>('/api/customers');
      expect(response.status).toBe(200);
      expect(Array.isArray(response.body)).toBe(true);
      expect(response.body.map((c) => c.name)).toEqual([...names].reverse());
      expect(response.headers.get('link')).toBeNull();
    });

    it('pages with an opaque cursor in the Link header until the last page', async () => {
      const seen: string[] = [];
      let path: string | undefined = '/api/customers?limit=3';
      let pages = 0;
      while (path) {
        const response: HttpResponse<CustomerDto[]> = await lister.get(path);
        expect(response.status).toBe(200);
        expect(response.body.length).toBeLessThanOrEqual(3);
        seen.push(...response.body.map((c) => c.name));
        const link: string | null = response.headers.get('link');
        path = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
        if (link) expect(path).toMatch(/limit=3/);
        pages += 1;
      }
      expect(pages).toBe(3);
      expect(seen).toEqual([...names].reverse());
    });

    it('searches name or e-mail case-insensitively, treating % and _ literally', async () => {
      const response = await lister.get<CustomerDto[]>(
        '/api/customers?q=GADGET',
      );
      expect(response.body.map((c) => c.name)).toEqual([
        'Odd Gadget 5',
        'Odd Gadget 3',
        'Odd Gadget 1',
      ]);
      expect((await lister.get('/api/customers?q=c3%40')).body).toHaveLength(1);
      expect((await lister.get('/api/customers?q=%25')).body).toHaveLength(0);
    });

    it.each([
      'limit=0',
      'limit=1001',
      'limit=abc',
      'limit=1.5',
      'cursor=not*valid',
      'cursor=eyJpZCI6LTF9',
      'unknown=1',
    ])('answers 400 for ?%s', async (query) => {
      const response = await lister.get<ErrorResponseDto>(
        `/api/customers?${query}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.status_code).toBe(400);
    });
  });

  describe('sorting', () => {
    interface Row {
      id: number;
      name: string;
      email: string;
      created_at: string;
    }
    let sorter: Http;
    let created: Row[];

    /** Follows the Link header to the end, `limit` rows at a time. */
    async function allPages(path: string): Promise<Row[]> {
      const rows: Row[] = [];
      let next: string | undefined = path;
      while (next) {
        const response: HttpResponse<Row[]> = await sorter.get(next);
        expect(response.status).toBe(200);
        rows.push(...response.body);
        const link = response.headers.get('link');
        next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
      }
      return rows;
    }

    const byKeyThenId =
      (key: (row: Row) => string, direction: 1 | -1) => (a: Row, b: Row) =>
        (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.id - b.id) * direction;

    beforeAll(async () => {
      ({ client: sorter } = await signUp(suite.http, 'sorter'));
      // Names with case differences and ties, so that page boundaries fall inside runs of equal keys.
      const names = [
        'beta',
        'Alpha',
        'alpha',
        'Gamma',
        'beta',
        'BETA',
        'delta',
      ];
      created = [];
      for (const [index, name] of names.entries()) {
        created.push(
          (
            await sorter.post<CustomerDto>('/api/customers', {
              name,
              email: `${String.fromCharCode(122 - index)}${index}@${uniqueName('s')}.example`,
            })
          ).body,
        );
      }
    });

    const lowerName = (row: Row) => row.name.toLowerCase();
    const email = (row: Row) => row.email;
    const createdAt = (row: Row) => row.created_at;
    it.each<[string, (row: Row) => string, 1 | -1]>([
      // name: case-insensitive, ties (Alpha/alpha, beta/BETA/beta) broken by id, both ways
      ['sort=name&limit=2', lowerName, 1],
      ['sort=name&order=asc&limit=3', lowerName, 1],
      ['sort=name&order=desc&limit=2', lowerName, -1],
      ['sort=email&limit=2', email, 1],
      ['sort=email&order=desc&limit=4', email, -1],
      // created_at: oldest first with order=asc
      ['sort=created_at&order=asc&limit=2', createdAt, 1],
    ])(
      '?%s follows Link through every row in (key, id) order',
      async (query, key, direction) => {
        const rows = await allPages(`/api/customers?${query}`);
        expect(rows.map((row) => row.id)).toEqual(
          [...created].sort(byKeyThenId(key, direction)).map((row) => row.id),
        );
      },
    );

    it('pages correctly through rows created in the same microsecond (newest first, then id)', async () => {
      const { client, organizationId } = await signUp(suite.http, 'ties');
      const ids: number[] = [];
      for (let index = 0; index < 5; index += 1)
        ids.push((await newCustomer(client, `T${index}`)).id);
      const leader = await connectLeader();
      try {
        // Three rows share one timestamp (with microseconds a JS Date cannot hold), one is older, one newer.
        await leader.query(
          `UPDATE customers SET created_at = '2026-01-01T00:00:00.123456Z' WHERE organization_id = $1 AND id = ANY($2)`,
          [organizationId, [ids[0], ids[2], ids[4]]],
        );
        await leader.query(
          `UPDATE customers SET created_at = '2025-01-01T00:00:00Z' WHERE organization_id = $1 AND id = $2`,
          [organizationId, ids[1]],
        );
        await leader.query(
          `UPDATE customers SET created_at = '2026-06-01T00:00:00Z' WHERE organization_id = $1 AND id = $2`,
          [organizationId, ids[3]],
        );
      } finally {
        await leader.end();
      }
      const seen: number[] = [];
      let next: string | undefined = '/api/customers?limit=2';
      while (next) {
        const response: HttpResponse<Row[]> = await client.get(next);
        seen.push(...response.body.map((row) => row.id));
        const link = response.headers.get('link');
        next = link ? /^<([^>]+)>; rel="next"$/.exec(link)?.[1] : undefined;
      }
      expect(seen).toEqual([ids[3], ids[4], ids[2], ids[0], ids[1]]);
    });

    it('keeps search and sort together', async () => {
      const response = await sorter.get<Row[]>(
        '/api/customers?q=BETA&sort=name&order=desc',
      );
      expect(response.body.map((row) => row.name.toLowerCase())).toEqual([
        'beta',
        'beta',
        'beta',
      ]);
      expect(response.body.map((row) => row.id)).toEqual(
        created
          .filter((row) => row.name.toLowerCase() === 'beta')
          .map((row) => row.id)
          .reverse(),
      );
    });

    it.each(['sort=id', 'sort=', 'order=up', 'sort=name&order=DESC'])(
      'answers 400 for ?%s',
      async (query) => {
        const response = await sorter.get<ErrorResponseDto>(
          `/api/customers?${query}`,
        );
        expect(response.status).toBe(400);
        expect(response.body.details?.at(0)?.field).toMatch(/sort|order/);
      },
    );

    it('answers 400 for a cursor from another sort order', async () => {
      const first = await sorter.get('/api/customers?sort=name&limit=2');
      const next =
        /^<([^>]+)>; rel="next"$/.exec(first.headers.get('link') ?? '')?.[1] ??
        '';
      const cursor = new URL(next, 'http://x').searchParams.get('cursor');
      const response = await sorter.get<ErrorResponseDto>(
        `/api/customers?sort=email&limit=2&cursor=${cursor}`,
      );
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/cursor/);
    });
  });
});
