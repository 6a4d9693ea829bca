/** API rows for specs, as the API answers them (snake_case, ISO times). */

const CREATED = '2026-11-25T10:00:00Z';

export const customer = (id: number, name = 'Acme') => ({
  id,
  name,
  email: `${name.toLowerCase()}@x.example`,
  created_at: CREATED,
  updated_at: CREATED,
});

export const account = (id: number, customerId = 5, status = 'active') => ({
  id,
  customer_id: customerId,
  name: `Plan ${id}`,
  status,
  created_at: CREATED,
  updated_at: CREATED,
});

/** A customer's totals (GET /api/analytics/customers/:id), every account active. */
export const customerTotals = (totalAccounts: number, customerId = 5) => ({
  customer_id: customerId,
  total_accounts: totalAccounts,
  active_accounts: totalAccounts,
  inactive_accounts: 0,
});

/** One day of GET /api/analytics/growth, everything created that day. */
export const growthDay = (day: string, customers: number, accounts: number) => ({
  day,
  new_customers: customers,
  new_accounts: accounts,
  total_customers: customers,
  total_accounts: accounts,
});

export const job = (id: string, state: string, failedReason: string | null = null) => ({
  job_id: id,
  queue: 'default',
  name: 'aggregate',
  state,
  progress: 0,
  attempts: 1,
  data: { date: '2026-11-24' },
  result: null,
  failed_reason: failedReason,
  created_at: CREATED,
  finished_at: null,
});
