import type { AccountDto } from '../../apps/api/src/accounts/dto/account.dto.js';
import type { CustomerDto } from '../../apps/api/src/customers/dto/customer.dto.js';
import { type Http, type HttpResponse, uniqueName } from './http.js';

/** The body of a 201, or an error naming the request and what came back instead. */
function created<T>(what: string, response: HttpResponse<T>): T {
  if (response.status !== 201)
    throw new Error(
      `creating ${what}: ${response.status} ${response.text.slice(0, 300)}`,
    );
  return response.body;
}

/** A new customer of the client's organization (with an e-mail no other test uses). */
export async function newCustomer(
  client: Http,
  name = 'Customer',
): Promise<CustomerDto> {
  return created(
    `customer ${name}`,
    await client.post<CustomerDto>('/api/customers', {
      name,
      email: `${uniqueName('c')}@x.example`,
    }),
  );
}

/** A new account of one of the client's customers (status: the API's default, active, unless given). */
export async function newAccount(
  client: Http,
  customerId: number,
  name = 'Plan',
  status?: AccountDto['status'],
): Promise<AccountDto> {
  return created(
    `account ${name}`,
    await client.post<AccountDto>('/api/accounts', {
      customer_id: customerId,
      name,
      status,
    }),
  );
}
