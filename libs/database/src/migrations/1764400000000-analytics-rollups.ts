import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollups kept by PostgreSQL itself, so that analytics read a few hundred rows instead of counting
 * an organization's million, and stay exact whoever writes (the API, psql, an import, a migration).
 *
 * - `analytics_daily`: per organization and UTC day, what happened that day: customers and
 *   accounts created (on their `created_at` day) and deleted, accounts activated and deactivated
 *   (on the day it happens), and the net changes of the totals. A total at the end of a day is the
 *   sum of the nets up to that day: deleted rows and past statuses are known.
 * - `customer_account_counts`: accounts and active accounts per customer.
 * - `analytics_distribution`: customers per number of accounts, kept from the counts above.
 *
 * Statement-level triggers with transition tables do the work, one aggregate statement per
 * written statement, so a bulk `COPY` or `INSERT ... SELECT` costs a few group-bys, not a trigger
 * call per row. No hot row: writers only append delta rows (`id` > 0) to the two organization-wide
 * tables, which take no row lock another writer waits for; the deltas are folded into one row
 * (`id` = 0) per day or bucket by whichever writer happens to win a non-blocking per-organization
 * advisory lock (1 statement in 16, and every statement that appends days at once: an import), and
 * by the aggregation job. Readers sum the folded rows and the few deltas not folded yet. The only row a writer locks is its customer's count (a customer's
 * accounts are counted one transaction at a time: the distribution needs the exact old count).
 *
 * The day of a deletion or status change is today (UTC, transaction time), or the day set with
 * `set_config('analytics.event_day', 'YYYY-MM-DD', true)` in the transaction (imports, the demo seed).
 */
export const ROLLUP_FUNCTIONS_SQL = `
  CREATE FUNCTION analytics_event_day() RETURNS date LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('analytics.event_day', true), '')::date,
                    (now() AT TIME ZONE 'UTC')::date)
  $$;

  -- Folds an organization's deltas into one row per day and per bucket. The caller holds the
  -- organization's fold lock (analytics_fold_lock).
  CREATE FUNCTION analytics_fold(org bigint) RETURNS integer LANGUAGE plpgsql AS $$
  DECLARE
    daily integer;
    buckets integer;
  BEGIN
    WITH moved AS (
      DELETE FROM analytics_daily WHERE organization_id = org AND id <> 0 RETURNING *),
    folded AS (
      INSERT INTO analytics_daily AS d (organization_id, day, id, customers_created, customers_deleted, customers_net,
                                        accounts_created, accounts_deleted, accounts_activated, accounts_deactivated,
                                        accounts_net, active_net)
      SELECT org, day, 0, sum(customers_created), sum(customers_deleted), sum(customers_net), sum(accounts_created),
             sum(accounts_deleted), sum(accounts_activated), sum(accounts_deactivated), sum(accounts_net), sum(active_net)
        FROM moved GROUP BY day
      ON CONFLICT (organization_id, day, id) DO UPDATE
         SET customers_created = d.customers_created + excluded.customers_created,
             customers_deleted = d.customers_deleted + excluded.customers_deleted,
             customers_net = d.customers_net + excluded.customers_net,
             accounts_created = d.accounts_created + excluded.accounts_created,
             accounts_deleted = d.accounts_deleted + excluded.accounts_deleted,
             accounts_activated = d.accounts_activated + excluded.accounts_activated,
             accounts_deactivated = d.accounts_deactivated + excluded.accounts_deactivated,
             accounts_net = d.accounts_net + excluded.accounts_net,
             active_net = d.active_net + excluded.active_net)
    SELECT count(*) INTO daily FROM moved;

    WITH moved AS (
      DELETE FROM analytics_distribution WHERE organization_id = org AND id <> 0 RETURNING *),
    folded AS (
      INSERT INTO analytics_distribution AS b (organization_id, account_count, id, customer_count)
      SELECT org, account_count, 0, sum(customer_count) FROM moved GROUP BY account_count
      ON CONFLICT (organization_id, account_count, id) DO UPDATE
         SET customer_count = b.customer_count + excluded.customer_count)
    SELECT count(*) INTO buckets FROM moved;
    DELETE FROM analytics_distribution WHERE organization_id = org AND id = 0 AND customer_count = 0;
    RETURN daily + buckets;
  END $$;

  CREATE FUNCTION analytics_fold_lock(org bigint) RETURNS boolean LANGUAGE sql VOLATILE AS $$
    SELECT pg_try_advisory_xact_lock(17644, (org % 2147483647)::int)
  $$;

  -- After a write: 1 time in 16, and after every statement that appended deltas for several days
  -- (an import), fold the organizations written to whose lock is free (never waits). Only in READ
  -- COMMITTED, where each statement sees the folds committed before it.
  CREATE FUNCTION analytics_maybe_fold(orgs bigint[], bulk boolean) RETURNS void LANGUAGE plpgsql AS $$
  DECLARE
    org bigint;
  BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
      RETURN;
    END IF;
    FOREACH org IN ARRAY orgs LOOP
      IF (bulk OR random() < 0.0625) AND analytics_fold_lock(org) THEN
        PERFORM analytics_fold(org);
      END IF;
    END LOOP;
  END $$;

  -- The distribution moves with the per-customer counts: each statement that changes counts
  -- appends, from its RETURNING, +1 at each new count and -1 at each old one (old = new - the
  -- statement's change; a count row just inserted had none). (xmax = 0) tells an inserted row
  -- from an updated one in INSERT ... ON CONFLICT DO UPDATE ... RETURNING.
  CREATE FUNCTION analytics_customers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    orgs bigint[];
    appended integer;
  BEGIN
    IF TG_OP = 'INSERT' THEN
      WITH added AS (
        INSERT INTO analytics_daily (organization_id, day, customers_created, customers_net)
        SELECT organization_id, (created_at AT TIME ZONE 'UTC')::date, count(*), count(*)
          FROM new_rows GROUP BY 1, 2
        RETURNING organization_id)
      SELECT array_agg(DISTINCT organization_id), count(*) INTO orgs, appended FROM added;
      WITH counted AS (
        INSERT INTO customer_account_counts (organization_id, customer_id)
        SELECT organization_id, id FROM new_rows ORDER BY 1, 2
        ON CONFLICT DO NOTHING
        RETURNING organization_id)
      INSERT INTO analytics_distribution (organization_id, account_count, customer_count)
      SELECT organization_id, 0, count(*) FROM counted GROUP BY 1;
    ELSIF TG_OP = 'DELETE' THEN
      -- Not for an organization being deleted: its rows go with it (foreign key cascades).
      WITH added AS (
        INSERT INTO analytics_daily (organization_id, day, customers_deleted, customers_net)
        SELECT organization_id, analytics_event_day(), count(*), -count(*)
          FROM old_rows WHERE organization_id IN (SELECT id FROM organizations) GROUP BY 1
        RETURNING organization_id)
      SELECT array_agg(DISTINCT organization_id), count(*) INTO orgs, appended FROM added;
      WITH gone AS (
        DELETE FROM customer_account_counts c USING old_rows o
         WHERE c.organization_id = o.organization_id AND c.customer_id = o.id
        RETURNING c.organization_id, c.total_accounts)
      INSERT INTO analytics_distribution (organization_id, account_count, customer_count)
      SELECT organization_id, total_accounts, -count(*)
        FROM gone WHERE organization_id IN (SELECT id FROM organizations) GROUP BY 1, 2;
    ELSE
      -- (A trigger with transition tables cannot name columns: every update comes here.)
      IF NOT EXISTS (SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.organization_id = o.organization_id AND n.id = o.id
                      WHERE o.id IS NULL OR n.id IS NULL OR o.created_at <> n.created_at) THEN
        RETURN NULL;
      END IF;
      -- A creation day that changed moves the creation; a row that changed organization leaves
      -- the old one today and arrives in the new one on its creation day.
      WITH pairs AS (
        SELECT o.organization_id AS old_org, n.organization_id AS new_org,
               (o.created_at AT TIME ZONE 'UTC')::date AS old_day, (n.created_at AT TIME ZONE 'UTC')::date AS new_day
          FROM old_rows o FULL JOIN new_rows n ON n.organization_id = o.organization_id AND n.id = o.id),
      events AS (
        SELECT old_org AS organization_id, old_day AS day, -1 AS created, 0 AS deleted, -1 AS net
          FROM pairs WHERE old_org IS NOT NULL AND new_org IS NOT NULL AND old_day <> new_day
        UNION ALL
        SELECT new_org, new_day, 1, 0, 1
          FROM pairs WHERE new_org IS NOT NULL AND (old_org IS NULL OR old_day <> new_day)
        UNION ALL
        SELECT old_org, analytics_event_day(), 0, 1, -1 FROM pairs WHERE new_org IS NULL)
      INSERT INTO analytics_daily (organization_id, day, customers_created, customers_deleted, customers_net)
      SELECT organization_id, day, sum(created), sum(deleted), sum(net) FROM events GROUP BY 1, 2;
      -- A customer can only change organization without accounts (the accounts' foreign key).
      WITH gone AS (
        DELETE FROM customer_account_counts c USING old_rows o
         WHERE c.organization_id = o.organization_id AND c.customer_id = o.id
           AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.organization_id = o.organization_id AND n.id = o.id)
        RETURNING c.organization_id, c.total_accounts),
      counted AS (
        INSERT INTO customer_account_counts (organization_id, customer_id)
        SELECT organization_id, id FROM new_rows ORDER BY 1, 2
        ON CONFLICT DO NOTHING
        RETURNING organization_id)
      INSERT INTO analytics_distribution (organization_id, account_count, customer_count)
      SELECT organization_id, account_count, sum(n)
        FROM (SELECT organization_id, total_accounts AS account_count, -1 AS n FROM gone
              UNION ALL
              SELECT organization_id, 0, 1 FROM counted) moves
       GROUP BY 1, 2 HAVING sum(n) <> 0;
    END IF;
    IF appended > 0 THEN
      PERFORM analytics_maybe_fold(orgs, appended > 1);
    END IF;
    RETURN NULL;
  END $$;

  CREATE FUNCTION analytics_accounts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    orgs bigint[];
    appended integer;
  BEGIN
    IF TG_OP = 'INSERT' THEN
      WITH added AS (
        INSERT INTO analytics_daily (organization_id, day, accounts_created, accounts_net, active_net)
        SELECT organization_id, (created_at AT TIME ZONE 'UTC')::date, count(*), count(*),
               count(*) FILTER (WHERE status = 'active')
          FROM new_rows GROUP BY 1, 2
        RETURNING organization_id)
      SELECT array_agg(DISTINCT organization_id), count(*) INTO orgs, appended FROM added;
      WITH change AS (
        SELECT organization_id, customer_id, count(*)::int AS n, (count(*) FILTER (WHERE status = 'active'))::int AS active
          FROM new_rows GROUP BY 1, 2),
      counted AS (
        INSERT INTO customer_account_counts AS c (organization_id, customer_id, total_accounts, active_accounts)
        SELECT organization_id, customer_id, n, active FROM change ORDER BY 1, 2
        ON CONFLICT (organization_id, customer_id) DO UPDATE
           SET total_accounts = c.total_accounts + excluded.total_accounts,
               active_accounts = c.active_accounts + excluded.active_accounts
        RETURNING organization_id, customer_id, total_accounts, (xmax = 0) AS inserted)
      INSERT INTO analytics_distribution (organization_id, account_count, customer_count)
      SELECT organization_id, account_count, sum(n)
        FROM (SELECT organization_id, total_accounts AS account_count, 1 AS n FROM counted
              UNION ALL
              SELECT c.organization_id, c.total_accounts - change.n, -1
                FROM counted c JOIN change USING (organization_id, customer_id) WHERE NOT c.inserted) moves
       GROUP BY 1, 2 HAVING sum(n) <> 0;
    ELSIF TG_OP = 'DELETE' THEN
      WITH added AS (
        INSERT INTO analytics_daily (organization_id, day, accounts_deleted, accounts_net, active_net)
        SELECT organization_id, analytics_event_day(), count(*), -count(*), -count(*) FILTER (WHERE status = 'active')
          FROM old_rows WHERE organization_id IN (SELECT id FROM organizations) GROUP BY 1
        RETURNING organization_id)
      SELECT array_agg(DISTINCT organization_id), count(*) INTO orgs, appended FROM added;
      -- A customer deleted in the same statement (the cascade) may have no count left: nothing to do.
      WITH change AS (
        SELECT organization_id, customer_id, count(*)::int AS n, (count(*) FILTER (WHERE status = 'active'))::int AS active
          FROM old_rows GROUP BY 1, 2),
      counted AS (
        UPDATE customer_account_counts c
           SET total_accounts = c.total_accounts - change.n, active_accounts = c.active_accounts - change.active
          FROM change
         WHERE c.organization_id = change.organization_id AND c.customer_id = change.customer_id
        RETURNING c.organization_id, c.total_accounts, change.n)
      INSERT INTO analytics_distribution (organization_id, account_count, customer_count)
      SELECT organization_id, account_count, sum(n)
        FROM (SELECT organization_id, total_accounts AS account_count, 1 AS n FROM counted
              UNION ALL
              SELECT organization_id, total_accounts + n, -1 FROM counted) moves
       WHERE organization_id IN (SELECT id FROM organizations)
       GROUP BY 1, 2 HAVING sum(n) <> 0;
    ELSE
      IF NOT EXISTS (SELECT 1 FROM old_rows o FULL JOIN new_rows n ON n.organization_id = o.organization_id AND n.id = o.id
                      WHERE o.id IS NULL OR n.id IS NULL OR o.status <> n.status OR o.customer_id <> n.customer_id
                         OR o.created_at <> n.created_at) THEN
        RETURN NULL;
      END IF;
      -- A status change of a row is recorded today; a creation day that changed moves the
      -- creation (with the row's status); a row that changed organization leaves the old one
      -- today and arrives in the new one on its creation day.
      WITH pairs AS (
        SELECT o.organization_id AS old_org, n.organization_id AS new_org,
               (o.created_at AT TIME ZONE 'UTC')::date AS old_day, (n.created_at AT TIME ZONE 'UTC')::date AS new_day,
               (o.status = 'active')::int AS old_active, (n.status = 'active')::int AS new_active
          FROM old_rows o FULL JOIN new_rows n ON n.organization_id = o.organization_id AND n.id = o.id),
      events AS (
        SELECT new_org AS organization_id, analytics_event_day() AS day, 0 AS created, 0 AS deleted,
               greatest(new_active - old_active, 0) AS activated, greatest(old_active - new_active, 0) AS deactivated,
               0 AS net, new_active - old_active AS active
          FROM pairs WHERE old_org IS NOT NULL AND new_org IS NOT NULL AND old_day = new_day AND old_active <> new_active
        UNION ALL
        SELECT old_org, old_day, -1, 0, 0, 0, -1, -old_active
          FROM pairs WHERE old_org IS NOT NULL AND new_org IS NOT NULL AND old_day <> new_day
        UNION ALL
        SELECT new_org, new_day, 1, 0, 0, 0, 1, new_active
          FROM pairs WHERE new_org IS NOT NULL AND (old_org IS NULL OR old_day <> new_day)
        UNION ALL
        SELECT old_org, analytics_event_day(), 0, 1, 0, 0, -1, -old_active FROM pairs WHERE new_org IS NULL),
      added AS (
        INSERT INTO analytics_daily (organization_id, day, accounts_created, accounts_deleted, accounts_activated,
                                     accounts_deactivated, accounts_net, active_net)
        SELECT organization_id, day, sum(created), sum(deleted), sum(activated), sum(deactivated), sum(net), sum(active)
          FROM events GROUP BY 1, 2
        RETURNING organization_id)
      SELECT array_agg(DISTINCT organization_id), count(*) INTO orgs, appended FROM added;
      WITH change AS (
        SELECT organization_id, customer_id, sum(n)::int AS n, sum(active)::int AS active
          FROM (SELECT organization_id, customer_id, 1 AS n, (status = 'active')::int AS active FROM new_rows
                UNION ALL
                SELECT organization_id, customer_id, -1, -(status = 'active')::int FROM old_rows) changes
         GROUP BY 1, 2 HAVING sum(n) <> 0 OR sum(active) <> 0),
      counted AS (
        INSERT INTO customer_account_counts AS c (organization_id, customer_id, total_accounts, active_accounts)
        SELECT organization_id, customer_id, n, active FROM change ORDER BY 1, 2
        ON CONFLICT (organization_id, customer_id) DO UPDATE
           SET total_accounts = c.total_accounts + excluded.total_accounts,
               active_accounts = c.active_accounts + excluded.active_accounts
        RETURNING organization_id, customer_id, total_accounts, (xmax = 0) AS inserted)
      INSERT INTO analytics_distribution (organization_id, account_count, customer_count)
      SELECT organization_id, account_count, sum(n)
        FROM (SELECT organization_id, total_accounts AS account_count, 1 AS n FROM counted
              UNION ALL
              SELECT c.organization_id, c.total_accounts - change.n, -1
                FROM counted c JOIN change USING (organization_id, customer_id) WHERE NOT c.inserted) moves
       GROUP BY 1, 2 HAVING sum(n) <> 0;
    END IF;
    IF appended > 0 THEN
      PERFORM analytics_maybe_fold(orgs, appended > 1);
    END IF;
    RETURN NULL;
  END $$;

  -- TRUNCATE has no transition table: before it, the rows are still there to be counted.
  CREATE FUNCTION analytics_accounts_truncating() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO analytics_daily (organization_id, day, accounts_deleted, accounts_net, active_net)
    SELECT organization_id, analytics_event_day(), count(*), -count(*), -count(*) FILTER (WHERE status = 'active')
      FROM accounts GROUP BY 1;
    INSERT INTO analytics_distribution (organization_id, account_count, customer_count)
    SELECT organization_id, account_count, sum(n)
      FROM (SELECT organization_id, total_accounts AS account_count, -1 AS n FROM customer_account_counts
             WHERE total_accounts <> 0
            UNION ALL
            SELECT organization_id, 0, 1 FROM customer_account_counts WHERE total_accounts <> 0) moves
     GROUP BY 1, 2 HAVING sum(n) <> 0;
    UPDATE customer_account_counts SET total_accounts = 0, active_accounts = 0
     WHERE total_accounts <> 0 OR active_accounts <> 0;
    RETURN NULL;
  END $$;

  CREATE FUNCTION analytics_customers_truncating() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO analytics_daily (organization_id, day, customers_deleted, customers_net)
    SELECT organization_id, analytics_event_day(), count(*), -count(*) FROM customers GROUP BY 1;
    INSERT INTO analytics_distribution (organization_id, account_count, customer_count)
    SELECT organization_id, total_accounts, -count(*) FROM customer_account_counts GROUP BY 1, 2;
    DELETE FROM customer_account_counts;
    RETURN NULL;
  END $$;
`;

export const ROLLUP_TRIGGERS_SQL = `
  CREATE TRIGGER customers_inserted_analytics AFTER INSERT ON customers
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_customers_changed();
  CREATE TRIGGER customers_deleted_analytics AFTER DELETE ON customers
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_customers_changed();
  CREATE TRIGGER customers_updated_analytics AFTER UPDATE ON customers
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_customers_changed();
  CREATE TRIGGER customers_truncating_analytics BEFORE TRUNCATE ON customers
    FOR EACH STATEMENT EXECUTE FUNCTION analytics_customers_truncating();

  CREATE TRIGGER accounts_inserted_analytics AFTER INSERT ON accounts
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_accounts_changed();
  CREATE TRIGGER accounts_deleted_analytics AFTER DELETE ON accounts
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_accounts_changed();
  CREATE TRIGGER accounts_updated_analytics AFTER UPDATE ON accounts
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_accounts_changed();
  CREATE TRIGGER accounts_truncating_analytics BEFORE TRUNCATE ON accounts
    FOR EACH STATEMENT EXECUTE FUNCTION analytics_accounts_truncating();

`;

/**
 * What the rows already there say: creations on their created_at day with their current status
 * (deletions and status changes before the rollups existed are unknown), counts per customer and
 * their distribution. Run after the triggers exist: creating them locked the tables against
 * writes until the migration commits, so nothing is counted twice or missed.
 */
export const ROLLUP_BACKFILL_SQL = `
  INSERT INTO analytics_daily (organization_id, day, id, customers_created, customers_net)
  SELECT organization_id, (created_at AT TIME ZONE 'UTC')::date, 0, count(*), count(*) FROM customers GROUP BY 1, 2;

  INSERT INTO analytics_daily AS d (organization_id, day, id, accounts_created, accounts_net, active_net)
  SELECT organization_id, (created_at AT TIME ZONE 'UTC')::date, 0, count(*), count(*),
         count(*) FILTER (WHERE status = 'active')
    FROM accounts GROUP BY 1, 2
  ON CONFLICT (organization_id, day, id) DO UPDATE
     SET accounts_created = excluded.accounts_created, accounts_net = excluded.accounts_net,
         active_net = excluded.active_net;

  INSERT INTO customer_account_counts (organization_id, customer_id, total_accounts, active_accounts)
  SELECT c.organization_id, c.id, count(a.id), count(a.id) FILTER (WHERE a.status = 'active')
    FROM customers c LEFT JOIN accounts a ON a.organization_id = c.organization_id AND a.customer_id = c.id
   GROUP BY c.organization_id, c.id;

  INSERT INTO analytics_distribution (organization_id, account_count, id, customer_count)
  SELECT organization_id, total_accounts, 0, count(*) FROM customer_account_counts GROUP BY 1, 2;
`;

export class AnalyticsRollups1764400000000 implements MigrationInterface {
  name = 'AnalyticsRollups1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Filling the rollups of a large database takes longer than a request may.
    await queryRunner.query(`SET LOCAL statement_timeout = 0`);
    await queryRunner.query(`
      CREATE TABLE analytics_daily (
        organization_id      bigint NOT NULL,
        day                  date NOT NULL,
        id                   bigint GENERATED BY DEFAULT AS IDENTITY,
        customers_created    integer NOT NULL DEFAULT 0,
        customers_deleted    integer NOT NULL DEFAULT 0,
        customers_net        integer NOT NULL DEFAULT 0,
        accounts_created     integer NOT NULL DEFAULT 0,
        accounts_deleted     integer NOT NULL DEFAULT 0,
        accounts_activated   integer NOT NULL DEFAULT 0,
        accounts_deactivated integer NOT NULL DEFAULT 0,
        accounts_net         integer NOT NULL DEFAULT 0,
        active_net           integer NOT NULL DEFAULT 0,
        CONSTRAINT analytics_daily_pkey PRIMARY KEY (organization_id, day, id),
        CONSTRAINT analytics_daily_organization_id_fkey FOREIGN KEY (organization_id)
          REFERENCES organizations (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE analytics_distribution (
        organization_id bigint NOT NULL,
        account_count   integer NOT NULL,
        id              bigint GENERATED BY DEFAULT AS IDENTITY,
        customer_count  integer NOT NULL,
        CONSTRAINT analytics_distribution_pkey PRIMARY KEY (organization_id, account_count, id),
        CONSTRAINT analytics_distribution_organization_id_fkey FOREIGN KEY (organization_id)
          REFERENCES organizations (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE customer_account_counts (
        organization_id bigint NOT NULL,
        customer_id     bigint NOT NULL,
        total_accounts  integer NOT NULL DEFAULT 0,
        active_accounts integer NOT NULL DEFAULT 0,
        CONSTRAINT customer_account_counts_pkey PRIMARY KEY (organization_id, customer_id),
        CONSTRAINT customer_account_counts_organization_id_fkey FOREIGN KEY (organization_id)
          REFERENCES organizations (id) ON DELETE CASCADE
      )`);
    await queryRunner.query(ROLLUP_FUNCTIONS_SQL);
    await queryRunner.query(ROLLUP_TRIGGERS_SQL);
    await queryRunner.query(ROLLUP_BACKFILL_SQL);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      DROP TRIGGER accounts_truncating_analytics ON accounts;
      DROP TRIGGER accounts_updated_analytics ON accounts;
      DROP TRIGGER accounts_deleted_analytics ON accounts;
      DROP TRIGGER accounts_inserted_analytics ON accounts;
      DROP TRIGGER customers_truncating_analytics ON customers;
      DROP TRIGGER customers_updated_analytics ON customers;
      DROP TRIGGER customers_deleted_analytics ON customers;
      DROP TRIGGER customers_inserted_analytics ON customers;
      DROP TABLE customer_account_counts, analytics_distribution, analytics_daily;
      DROP FUNCTION analytics_customers_truncating(),
                    analytics_accounts_truncating(), analytics_accounts_changed(),
                    analytics_customers_changed(), analytics_maybe_fold(bigint[], boolean), analytics_fold_lock(bigint),
                    analytics_fold(bigint), analytics_event_day();
    `);
  }
}
