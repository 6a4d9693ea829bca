// The statements the API runs, copied for the bare-driver baseline. bench/baseline-sql.spec.ts
// fails if they drift from the API's (CUSTOMER_SQL, ANALYTICS_SQL).
const CUSTOMER_COLUMNS = 'id, organization_id, name, email, created_at, updated_at';

export const BASELINE_SQL = {
  customerById: `SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE organization_id = $1 AND id = $2`,
  customerList: `SELECT ${CUSTOMER_COLUMNS} FROM customers
         WHERE organization_id = $1
           AND ($2::bigint IS NULL OR id < $2)
           AND ($3::text IS NULL OR name ILIKE $3 OR email ILIKE $3)
         ORDER BY id DESC LIMIT $4`,
  customerInsert: `INSERT INTO customers (organization_id, name, email) VALUES ($1, $2, $3) RETURNING ${CUSTOMER_COLUMNS}`,
  analytics: `
    SELECT (SELECT count(*) FROM customers WHERE organization_id = $1)::int AS total_customers,
           count(*)::int AS total_accounts,
           (count(*) FILTER (WHERE status = 'active'))::int AS active_accounts,
           (count(*) FILTER (WHERE status = 'inactive'))::int AS inactive_accounts,
           pg_is_in_recovery() AS in_recovery
      FROM accounts WHERE organization_id = $1`,
};
