/**
 * The contract's average: total accounts / total customers, 0 with no customers (a customer
 * without accounts still counts). The one definition for the live analytics and the stored snapshots.
 */
export function averageAccountsPerCustomer(totals: {
  total_customers: number;
  total_accounts: number;
}): number {
  return totals.total_customers === 0
    ? 0
    : totals.total_accounts / totals.total_customers;
}
