// The scale benchmark's data set (bench/scale.mjs): organizations of many customers and accounts,
// streamed into the leader with COPY FROM STDIN (pg-copy-streams), generated in this process from
// a seeded random source, so two runs load the same rows.
//
// Per organization: `customers` customers created over the last two years (more of them
// recently, as a growing business has), named "Customer <n>" (n = 1 for the oldest) with an
// e-mail "customer<n>@<domain>" on a mix of shared mail domains and company domains; and
// `accounts` accounts spread over the customers by a skewed (Pareto) law: about one customer in
// ten has none, most have a few, some have hundreds; each account created between its
// customer's creation and now, about 30 % of them inactive; and the aggregation job's daily
// snapshot of each day. Rows are written oldest first (accounts by creation day), so ids grow with
// created_at as in a real database.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';

const DAY_MS = 86_400_000;
const SPAN_DAYS = 730;
const ROWS_PER_CHUNK = 4096;
const PLANS = ['Basic', 'Pro', 'Team', 'Enterprise'];
const MAIL_DOMAINS = ['mail.example', 'inbox.example', 'post.example'];

/** mulberry32: a small seeded generator of floats in [0, 1). */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Formats epoch milliseconds (whole seconds within the last SPAN_DAYS + 1 days) as COPY text for
 * timestamptz, from two tables built once: Date#toISOString for millions of rows is the slow part.
 */
function timestampFormatter(nowMs) {
  const firstDay = Math.floor(nowMs / DAY_MS) - SPAN_DAYS - 1;
  const days = Array.from({ length: SPAN_DAYS + 3 }, (_, i) =>
    new Date((firstDay + i) * DAY_MS).toISOString().slice(0, 10),
  );
  const times = Array.from({ length: 86_400 }, (_, s) =>
    new Date(s * 1000).toISOString().slice(11, 19),
  );
  return (ms) => {
    const seconds = Math.floor(ms / 1000);
    const day = Math.floor(seconds / 86_400);
    return `${days[day - firstDay]} ${times[seconds - day * 86_400]}+00`;
  };
}

/** Chunks of COPY text, `ROWS_PER_CHUNK` rows each, from `row(i)` for i in [0, count). */
function* chunks(count, row) {
  for (let start = 0; start < count; start += ROWS_PER_CHUNK) {
    let text = '';
    const end = Math.min(count, start + ROWS_PER_CHUNK);
    for (let i = start; i < end; i += 1) text += row(i);
    yield text;
  }
}

async function copyIn(client, sql, source) {
  await pipeline(Readable.from(source), client.query(copyStreams.from(sql)));
}

/** How many accounts each customer has: a skewed law, about 10 % with none, summing to `total`. */
function accountsPerCustomer(customers, total, next) {
  const weights = new Float64Array(customers);
  let sum = 0;
  for (let i = 0; i < customers; i += 1) {
    // Pareto(alpha 1.3), capped: most customers have a few accounts, some have hundreds.
    weights[i] =
      next() < 0.1 ? 0 : Math.min(200, 1 / Math.pow(1 - next(), 1 / 1.3));
    sum += weights[i];
  }
  const counts = new Int32Array(customers);
  let given = 0;
  for (let i = 0; i < customers; i += 1) {
    counts[i] = Math.floor((weights[i] * total) / sum);
    given += counts[i];
  }
  // The rounding remainder, one each to random customers that already have accounts.
  while (given < total) {
    const i = Math.floor(next() * customers);
    if (counts[i] > 0) {
      counts[i] += 1;
      given += 1;
    }
  }
  return counts;
}

/**
 * Loads one organization's customers and accounts on `client` (a connection to the leader, in the
 * caller's transaction). Returns what the benchmark needs to know about them.
 */
export async function loadOrganization(client, options) {
  const { organizationId, customers, accounts, seed, nowMs } = options;
  const next = random(seed);
  const format = timestampFormatter(nowMs);
  const start = nowMs - SPAN_DAYS * DAY_MS;

  // Customers, oldest first: density growing linearly towards today.
  const customerTimes = new Float64Array(customers);
  for (let i = 0; i < customers; i += 1)
    customerTimes[i] =
      start + Math.floor(Math.sqrt(next()) * SPAN_DAYS * 86_400) * 1000;
  customerTimes.sort();
  const domains = new Array(customers);
  for (let i = 0; i < customers; i += 1)
    domains[i] =
      next() < 0.6
        ? MAIL_DOMAINS[Math.floor(next() * MAIL_DOMAINS.length)]
        : `company-${Math.floor(next() * 5000)}.example`;
  await copyIn(
    client,
    'COPY customers (organization_id, name, email, created_at, updated_at) FROM STDIN',
    chunks(customers, (i) => {
      const at = format(customerTimes[i]);
      return `${organizationId}\tCustomer ${i + 1}\tcustomer${i + 1}@${domains[i]}\t${at}\t${at}\n`;
    }),
  );
  // The identity column numbered them in the order written: the i-th oldest has the i-th id.
  const { rows } = await client.query(
    'SELECT id FROM customers WHERE organization_id = $1 ORDER BY id',
    [organizationId],
  );
  if (rows.length !== customers)
    throw new Error(
      `organization ${organizationId} has ${rows.length} customers, not ${customers}`,
    );
  const customerIds = rows.map((row) => row.id);

  // Accounts: each between its customer's creation and now, then ordered by creation day.
  const counts = accountsPerCustomer(customers, accounts, next);
  const owner = new Int32Array(accounts);
  const times = new Float64Array(accounts);
  const inactive = new Uint8Array(accounts);
  const perDay = new Int32Array(SPAN_DAYS + 2);
  const firstDay = Math.floor(start / DAY_MS);
  for (let c = 0, a = 0; c < customers; c += 1) {
    const from = customerTimes[c];
    for (let k = 0; k < counts[c]; k += 1, a += 1) {
      owner[a] = c;
      times[a] = from + Math.floor((next() * (nowMs - from)) / 1000) * 1000;
      inactive[a] = next() < 0.3 ? 1 : 0;
      perDay[Math.floor(times[a] / DAY_MS) - firstDay] += 1;
    }
  }
  // Counting sort by day: order[k] is the k-th account to write.
  const offsets = new Int32Array(perDay.length);
  for (let d = 1; d < perDay.length; d += 1)
    offsets[d] = offsets[d - 1] + perDay[d - 1];
  const order = new Int32Array(accounts);
  for (let a = 0; a < accounts; a += 1)
    order[offsets[Math.floor(times[a] / DAY_MS) - firstDay]++] = a;
  await copyIn(
    client,
    'COPY accounts (organization_id, customer_id, name, status, created_at, updated_at) FROM STDIN',
    chunks(accounts, (k) => {
      const a = order[k];
      const at = format(times[a]);
      return `${organizationId}\t${customerIds[owner[a]]}\t${PLANS[a & 3]}\t${inactive[a] ? 'inactive' : 'active'}\t${at}\t${at}\n`;
    }),
  );

  // The aggregation job's daily snapshots, one per day: totals at the end of each UTC day (with
  // each account's current status, as the job counts them).
  const days = perDay.length;
  const newCustomers = new Int32Array(days);
  for (let c = 0; c < customers; c += 1)
    newCustomers[Math.floor(customerTimes[c] / DAY_MS) - firstDay] += 1;
  const newActive = new Int32Array(days);
  for (let a = 0; a < accounts; a += 1)
    if (!inactive[a]) newActive[Math.floor(times[a] / DAY_MS) - firstDay] += 1;
  const snapshots = [];
  for (let d = 0, c = 0, n = 0, active = 0; d < days; d += 1) {
    c += newCustomers[d];
    n += perDay[d];
    active += newActive[d];
    const day = new Date((firstDay + d) * DAY_MS).toISOString().slice(0, 10);
    const average = c === 0 ? 0 : n / c;
    const computedAt = format(
      Math.min((firstDay + d + 1) * DAY_MS - 1000, nowMs),
    );
    snapshots.push(
      `${organizationId}\t${day}\t${c}\t${n}\t${active}\t${n - active}\t${average}\t${computedAt}\n`,
    );
  }
  await copyIn(
    client,
    'COPY daily_snapshots (organization_id, day, total_customers, total_accounts, active_accounts, inactive_accounts, avg_accounts_per_customer, computed_at) FROM STDIN',
    [snapshots.join('')],
  );

  const sorted = Int32Array.from(counts).sort();
  const median = sorted[sorted.length >> 1];
  const busiest = counts.indexOf(sorted[sorted.length - 1]);
  return {
    /** A customer with the median number of accounts, and the one with the most. */
    typicalCustomerId: customerIds[counts.indexOf(median)],
    medianAccounts: median,
    busiestCustomerId: customerIds[busiest],
    maxAccounts: counts[busiest],
    withoutAccounts: counts.filter((n) => n === 0).length,
  };
}

/**
 * The secondary indexes and the foreign key of customers and accounts, as the migrations made
 * them (read back from the catalog, so a new index is included without a change here).
 * Constraint-backed indexes (primary keys, unique constraints) stay: they are needed meanwhile.
 */
async function dependentObjects(client) {
  const { rows: indexes } = await client.query(`
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i
     WHERE i.indrelid IN ('customers'::regclass, 'accounts'::regclass)
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
     ORDER BY pg_relation_size(i.indrelid) DESC, 1`);
  const { rows: foreignKeys } = await client.query(`
    SELECT conrelid::regclass::text AS "table", conname AS name, pg_get_constraintdef(oid) AS definition
      FROM pg_constraint
     WHERE contype = 'f' AND conrelid IN ('customers'::regclass, 'accounts'::regclass)`);
  return { indexes, foreignKeys };
}

/**
 * Loads `organizations` (ids) with `customers` and `accounts` each, the way bulk loads are done:
 * the secondary indexes and the accounts' foreign key are dropped first, the organizations are
 * copied over `connections` connections at once (one transaction per organization), then the
 * indexes are built again (as many at once) and the foreign key is added back (which checks every
 * row), and the tables are vacuumed and analysed. If the load fails, the indexes and the foreign
 * key are still put back. Returns per-organization facts (see loadOrganization) and timings.
 */
export async function loadDataSet({
  url,
  organizations,
  customers,
  accounts,
  connections = 2,
  nowMs = Date.now(),
  log = () => undefined,
}) {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({
        connectionString: url,
        application_name: 'bench:scale-load',
      });
      await client.connect();
      // Bulk work: no statement timeout from the environment, room to sort.
      await client.query(
        "SET statement_timeout = 0; SET maintenance_work_mem = '512MB'",
      );
      return client;
    }),
  );
  const [main] = clients;
  const timings = {};
  const timed = async (name, work) => {
    const started = Date.now();
    const result = await work();
    timings[name] = Date.now() - started;
    log(`${name}: ${(timings[name] / 1000).toFixed(1)} s`);
    return result;
  };
  /**
   * Runs `work(client, item)` for every item, `connections` at a time; after a failure no item
   * is started, and it settles once the ones under way have finished.
   */
  const inParallel = async (items, work) => {
    const queue = [...items];
    const results = await Promise.allSettled(
      clients.map(async (client) => {
        for (let item = queue.shift(); item !== undefined; item = queue.shift())
          await work(client, item).catch((error) => {
            queue.length = 0;
            throw error;
          });
      }),
    );
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  };

  try {
    const { indexes, foreignKeys } = await dependentObjects(main);
    await main.query('BEGIN');
    for (const fk of foreignKeys)
      await main.query(`ALTER TABLE ${fk.table} DROP CONSTRAINT ${fk.name}`);
    for (const index of indexes) await main.query(`DROP INDEX ${index.name}`);
    await main.query('COMMIT');
    const facts = new Map();
    try {
      await timed('copy', () =>
        inParallel(organizations, async (client, organizationId) => {
          await client.query('BEGIN');
          facts.set(
            organizationId,
            await loadOrganization(client, {
              organizationId,
              customers,
              accounts,
              seed: Number(organizationId),
              nowMs,
            }),
          );
          await client.query('COMMIT');
        }),
      );
    } finally {
      await Promise.all(
        // A connection whose load failed is left in an aborted transaction.
        clients.map((client) => client.query('ROLLBACK').catch(() => null)),
      );
      await timed('indexes', () =>
        inParallel(indexes, (client, index) => client.query(index.definition)),
      );
      await timed('foreign keys', async () => {
        for (const fk of foreignKeys)
          await main.query(
            `ALTER TABLE ${fk.table} ADD CONSTRAINT ${fk.name} ${fk.definition}`,
          );
      });
    }
    await timed('vacuum analyze', async () => {
      await inParallel(['customers', 'accounts'], (client, table) =>
        client.query(`VACUUM (ANALYZE) ${table}`),
      );
      await main.query('ANALYZE'); // the rest: the rollups the triggers filled
    });
    return { facts, timings };
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}
