// The response bodies both baselines send: the API's shapes (CustomerDto, AccountDto, AnalyticsDto)
// built from the rows of BASELINE_SQL.

export const customer = (row) => ({
  id: Number(row.id),
  name: row.name,
  email: row.email,
  created_at: row.created_at.toISOString(),
  updated_at: row.updated_at.toISOString(),
});

export const account = (row) => ({
  id: Number(row.id),
  customer_id: Number(row.customer_id),
  name: row.name,
  status: row.status,
  created_at: row.created_at,
  updated_at: row.updated_at,
});

export const analytics = (row) => ({
  total_customers: row.total_customers,
  total_accounts: row.total_accounts,
  active_accounts: row.active_accounts,
  inactive_accounts: row.inactive_accounts,
  avg_accounts_per_customer:
    row.total_customers === 0 ? 0 : row.total_accounts / row.total_customers,
});
