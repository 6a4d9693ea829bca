// The statements the API runs, copied for the bare-driver baseline. bench/baseline-sql.spec.ts
// fails if they drift from the API's (CUSTOMER_SQL, ACCOUNT_SQL, ANALYTICS_SQL).
const CUSTOMER_COLUMNS =
  'id, organization_id, name, email, created_at, updated_at';

export const BASELINE_SQL = {
  customerById: `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE organization_id = $1 AND id = $2`,
  customerList: `SELECT ${CUSTOMER_COLUMNS}, (extract(epoch FROM created_at) * 1000000)::bigint::text AS sort_key FROM customers
         WHERE organization_id = $1
           AND ($3::bigint IS NULL OR (created_at, id) < (timestamptz 'epoch' + $2::bigint * interval '1 microsecond', $3::bigint))
           AND ($4::text IS NULL OR name ILIKE $4 OR email ILIKE $4)
         ORDER BY created_at DESC, id DESC LIMIT $5`,
  customerInsert: `INSERT INTO customers (organization_id, name, email) VALUES ($1, $2, $3) RETURNING ${CUSTOMER_COLUMNS}`,
  accountInsert: `INSERT INTO accounts (organization_id, customer_id, name, status)
           SELECT organization_id, id, $3, $4 FROM customers WHERE organization_id = $1 AND id = $2
           RETURNING id, organization_id, customer_id, name, status, created_at, updated_at`,
  analytics: `
    SELECT coalesce(sum(customers_net), 0)::int AS total_customers,
           coalesce(sum(accounts_net), 0)::int AS total_accounts,
           coalesce(sum(active_net), 0)::int AS active_accounts,
           coalesce(sum(accounts_net - active_net), 0)::int AS inactive_accounts,
           pg_is_in_recovery() AS in_recovery,
  (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS served_lsn
      FROM analytics_daily WHERE organization_id = $1`,
};
