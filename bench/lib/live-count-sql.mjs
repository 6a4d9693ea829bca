// "Before": the analytics statements as the API ran them until issue 10, counting live rows on
// every request (ANALYTICS_SQL of apps/api/src/analytics/analytics.service.ts at commit 3406e5b,
// copied unchanged, SERVED_COLUMNS inlined). bench/scale.mjs runs them directly on the follower,
// side by side with the API, to show what the rollups replaced. A frozen copy: not checked against
// the service, whose statements have moved on. $1 is organization_id.
const SERVED_COLUMNS = `pg_is_in_recovery() AS in_recovery,
  (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_insert_lsn() END)::text AS served_lsn`;

export const LIVE_COUNT_SQL = {
  organization: `
    SELECT (SELECT count(*) FROM customers WHERE organization_id = $1)::int AS total_customers,
           count(*)::int AS total_accounts,
           (count(*) FILTER (WHERE status = 'active'))::int AS active_accounts,
           (count(*) FILTER (WHERE status = 'inactive'))::int AS inactive_accounts,
           ${SERVED_COLUMNS}
      FROM accounts WHERE organization_id = $1`,
  customer: `
    SELECT c.id AS customer_id,
           count(a.id)::int AS total_accounts,
           (count(a.id) FILTER (WHERE a.status = 'active'))::int AS active_accounts,
           (count(a.id) FILTER (WHERE a.status = 'inactive'))::int AS inactive_accounts,
           ${SERVED_COLUMNS}
      FROM customers c
      LEFT JOIN accounts a ON a.organization_id = c.organization_id AND a.customer_id = c.id
     WHERE c.organization_id = $1 AND c.id = $2
     GROUP BY c.id`,
  /** Customers per number of accounts, for every n from 0 to the largest (empty buckets count 0). */
  distribution: `
    WITH per_customer AS (
      SELECT count(a.id)::int AS n
        FROM customers c
        LEFT JOIN accounts a ON a.organization_id = c.organization_id AND a.customer_id = c.id
       WHERE c.organization_id = $1
       GROUP BY c.id)
    SELECT s.n AS accounts, count(p.n)::int AS customers, ${SERVED_COLUMNS}
      FROM generate_series(0, (SELECT coalesce(max(n), 0) FROM per_customer)) AS s(n)
      LEFT JOIN per_customer p ON p.n = s.n
     GROUP BY s.n
     ORDER BY s.n`,
  /**
   * One row per UTC day of the last $2 days (today included), oldest first: rows created that day
   * and running totals of the rows that exist now, by creation day (deleted rows are not known).
   */
  growth: `
    WITH bounds AS (
      SELECT (now() AT TIME ZONE 'UTC')::date - ($2::int - 1) AS first_day, (now() AT TIME ZONE 'UTC')::date AS last_day),
    days AS (
      SELECT d::date AS day FROM bounds, generate_series(first_day, last_day, interval '1 day') AS d),
    new_customers AS (
      SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n
        FROM customers, bounds
       WHERE organization_id = $1 AND created_at >= first_day::timestamp AT TIME ZONE 'UTC'
       GROUP BY 1),
    new_accounts AS (
      SELECT (created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n
        FROM accounts, bounds
       WHERE organization_id = $1 AND created_at >= first_day::timestamp AT TIME ZONE 'UTC'
       GROUP BY 1),
    before AS (
      SELECT (SELECT count(*) FROM customers WHERE organization_id = $1 AND created_at < first_day::timestamp AT TIME ZONE 'UTC')::int AS customers,
             (SELECT count(*) FROM accounts WHERE organization_id = $1 AND created_at < first_day::timestamp AT TIME ZONE 'UTC')::int AS accounts
        FROM bounds)
    SELECT to_char(days.day, 'YYYY-MM-DD') AS day,
           coalesce(nc.n, 0) AS new_customers,
           coalesce(na.n, 0) AS new_accounts,
           (before.customers + sum(coalesce(nc.n, 0)) OVER (ORDER BY days.day))::int AS total_customers,
           (before.accounts + sum(coalesce(na.n, 0)) OVER (ORDER BY days.day))::int AS total_accounts,
           ${SERVED_COLUMNS}
      FROM days
      CROSS JOIN before
      LEFT JOIN new_customers nc ON nc.day = days.day
      LEFT JOIN new_accounts na ON na.day = days.day
     ORDER BY days.day`,
  /**
   * The stored daily snapshots of the last $2 days (UTC), oldest first. The lateral join keeps one
   * row (of NULLs) when there are none, so an empty history still says which server answered.
   */
  history: `
    SELECT to_char(s.day, 'YYYY-MM-DD') AS day, s.total_customers, s.total_accounts, s.active_accounts, s.inactive_accounts,
           s.avg_accounts_per_customer, s.computed_at, r.in_recovery, r.served_lsn
      FROM (SELECT ${SERVED_COLUMNS}) r
      LEFT JOIN LATERAL (
        SELECT * FROM daily_snapshots
         WHERE organization_id = $1 AND day > (now() AT TIME ZONE 'UTC')::date - $2::int) s ON true
     ORDER BY s.day`,
};
