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

/** One day of GET /api/analytics/growth: nothing created or deleted, no accounts, unless `fields` say so. */
export const growthDay = (day: string, fields: Record<string, number> = {}) => ({
  day,
  new_customers: 0,
  new_accounts: 0,
  deleted_customers: 0,
  deleted_accounts: 0,
  total_customers: 0,
  total_accounts: 0,
  active_accounts: 0,
  inactive_accounts: 0,
  ...fields,
});

export const job = (
  id: string,
  state: string,
  failedReason: string | null = null,
  result: Record<string, number> | null = null,
) => ({
  job_id: id,
  queue: 'default',
  name: 'aggregate',
  state,
  progress: 0,
  attempts: 1,
  data: { date: '2026-11-24' },
  result,
  failed_reason: failedReason,
  created_at: CREATED,
  finished_at: null,
});

/** An aggregation job's result (Job['result']). */
export const aggregateResult = (rollupDrift?: number) => ({
  total_customers: 1250,
  total_accounts: 3100,
  active_accounts: 2900,
  inactive_accounts: 200,
  avg_accounts_per_customer: 3100 / 1250,
  ...(rollupDrift === undefined ? {} : { rollup_drift: rollupDrift }),
});
