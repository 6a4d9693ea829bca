import { beforeAll, describe, expect, it } from '@jest/globals';
import type { AccountDto } from '../../apps/api/src/accounts/dto/account.dto.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import type { Http, HttpResponse } from '../support/http.js';
import { useSignedInApp } from '../support/test-app.js';

/** Follows `Link: <...>; rel="next"` from `first` to the end; returns every id in page order. */
async function followLinks(
  client: Http,
  first: string,
): Promise<{ ids: number[]; pages: number }> {
  const ids: number[] = [];
  let next: string | undefined = first;
  let pages = 0;
  while (next) {
    const page: HttpResponse = await client.get(next);
    expect(page.status).toBe(200);
    ids.push(...(page.body as { id: number }[]).map((row) => row.id));
    pages += 1;
    if (pages > 50)
      throw new Error(
        `${first}: more pages than rows, the cursor does not advance`,
      );
    next = /<([^>]+)>;\s*rel="next"/.exec(page.headers.get('link') ?? '')?.[1];
  }
  return { ids, pages };
}

/** Every list pages through all of its rows exactly once, in order, whatever the page size. */
describe('keyset paging through the Link header', () => {
  const suite = useSignedInApp('paging');
  let customerIds: number[];
  let accountIds: number[];
  let firstCustomerAccounts: number[];

  beforeAll(async () => {
    customerIds = [];
    accountIds = [];
    for (let index = 0; index < 7; index += 1) {
      const customer = await suite.api.post<CustomerDto>('/api/customers', {
        name: `Pager ${index % 3}`,
        email: `pager-${index}@paging.example`,
      });
      customerIds.push(customer.body.id);
    }
    // Two customers share their accounts, so the per-customer list has a filter to page under.
    for (let index = 0; index < 9; index += 1) {
      const account = await suite.api.post<AccountDto>('/api/accounts', {
        customer_id: customerIds[index % 2],
        name: `Plan ${index}`,
        status: index % 3 === 0 ? 'inactive' : 'active',
      });
      accountIds.push(account.body.id);
    }
    firstCustomerAccounts = accountIds.filter((_, index) => index % 2 === 0);
  });

  const newestFirst = (ids: number[]) => [...ids].sort((a, b) => b - a);

  it.each([1, 2, 4, 100])(
    'GET /api/accounts?limit=%i returns every account once, newest first',
    async (limit) => {
      const { ids, pages } = await followLinks(
        suite.api,
        `/api/accounts?limit=${limit}`,
      );
      expect(ids).toEqual(newestFirst(accountIds));
      expect(pages).toBe(Math.max(1, Math.ceil(accountIds.length / limit)));
    },
  );

  it.each([1, 2, 3])(
    "GET /api/customers/:id/accounts?limit=%i returns that customer's accounts once",
    async (limit) => {
      const { ids } = await followLinks(
        suite.api,
        `/api/customers/${customerIds[0]}/accounts?limit=${limit}`,
      );
      expect(ids).toEqual(newestFirst(firstCustomerAccounts));
    },
  );

  it('keeps the filters across pages of /api/accounts', async () => {
    const { ids } = await followLinks(
      suite.api,
      `/api/accounts?limit=2&status=inactive&customer_id=${customerIds[0]}`,
    );
    expect(ids).toEqual(
      newestFirst(
        accountIds.filter((_, index) => index % 3 === 0 && index % 2 === 0),
      ),
    );
  });

  it.each(['created_at', 'name', 'email'])(
    'GET /api/customers?sort=%s pages every customer once, ties included',
    async (sort) => {
      for (const order of ['asc', 'desc']) {
        const { ids } = await followLinks(
          suite.api,
          `/api/customers?limit=2&sort=${sort}&order=${order}`,
        );
        expect([...ids].sort((a, b) => a - b)).toEqual(
          [...customerIds].sort((a, b) => a - b),
        );
      }
    },
  );
});
