import bcrypt from 'bcrypt';
import type { DataSource, EntityManager } from 'typeorm';

export const DEMO_USERNAME = 'admin';
export const DEMO_PASSWORD = 'admin123';

/** How far back the demo data's history goes, in UTC days before today. */
export const DEMO_HISTORY_DAYS = 90;

type Status = 'active' | 'inactive';

/** The five customers every demo shows, with their accounts as they are today. */
const NAMED_CUSTOMERS: {
  name: string;
  email: string;
  accounts: [string, Status][];
}[] = [
  {
    name: 'Acme Corporation',
    email: 'contact@acme.example',
    accounts: [
      ['Enterprise', 'active'],
      ['Support Plus', 'active'],
    ],
  },
  {
    name: 'Globex Inc',
    email: 'info@globex.example',
    accounts: [['Professional', 'active']],
  },
  {
    name: 'Initech',
    email: 'hello@initech.example',
    accounts: [
      ['Starter', 'inactive'],
      ['Professional', 'active'],
    ],
  },
  {
    name: 'Umbrella Ltd',
    email: 'admin@umbrella.example',
    accounts: [
      ['Enterprise', 'active'],
      ['Analytics Add-on', 'inactive'],
    ],
  },
  {
    name: 'Stark Industries',
    email: 'ops@stark.example',
    accounts: [['Starter', 'active']],
  },
];

const NAME_FIRST = [
  'Northwind',
  'Blue Harbor',
  'Cobalt',
  'Evergreen',
  'Summit',
  'Redwood',
  'Silverline',
  'Brightpath',
  'Ironbridge',
  'Lakeside',
  'Pioneer',
  'Quantum',
  'Sterling',
  'Trailhead',
  'Vertex',
  'Willow',
];
const NAME_SECOND = [
  'Traders',
  'Labs',
  'Logistics',
  'Health',
  'Studios',
  'Foods',
  'Systems',
  'Partners',
  'Energy',
  'Media',
];
const PLANS = [
  'Starter',
  'Professional',
  'Enterprise',
  'Support Plus',
  'Analytics Add-on',
  'Team',
];

/** Customers beyond the named five; three of them are deleted again on a past day. */
const GENERATED_CUSTOMERS = 48;
const DELETED_CUSTOMERS = 3;

/** A row created `daysAgo` UTC days before today, at `minute` past midnight. */
interface Created {
  daysAgo: number;
  minute: number;
}

export interface DemoAccount extends Created {
  name: string;
  /** Its status when created; the status changes below lead to its status today. */
  status: Status;
}

export interface DemoCustomer extends Created {
  name: string;
  email: string;
  accounts: DemoAccount[];
}

/** Something that happened on a past day, to the account `account` of the customer `email` (or to the customer). */
export type DemoEvent = { daysAgo: number; email: string } & (
  | { kind: 'status'; account: string; status: Status }
  | { kind: 'delete-account'; account: string }
  | { kind: 'delete-customer' }
);

export interface DemoData {
  customers: DemoCustomer[];
  /** Oldest first; each after the creation of what it changes. */
  events: DemoEvent[];
}

/** mulberry32: a small deterministic generator, so every demo database holds the same story. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/**
 * The demo organization's customers and accounts over the last DEMO_HISTORY_DAYS days: the five
 * named customers first, then more and more customers each week (a growing curve), accounts added
 * later to some, some accounts deactivated (a few reactivated), some deleted, and three customers
 * deleted again. Days are counted back from today; the same every time (fixed seed).
 */
export function demoData(): DemoData {
  const random = generator(20261125);
  const between = (low: number, high: number) =>
    low + Math.floor(random() * (high - low + 1));
  /** A time of day in office hours (UTC), not before `from` (minutes past midnight). */
  const minute = (from = 8 * 60) => between(from, 18 * 60 - 1);
  const customers: DemoCustomer[] = [];
  const events: DemoEvent[] = [];
  let deletedCustomers = 0;

  NAMED_CUSTOMERS.forEach((named, index) => {
    const daysAgo = DEMO_HISTORY_DAYS - 2 - index * 3;
    const came = minute();
    customers.push({
      name: named.name,
      email: named.email,
      daysAgo,
      minute: came,
      // Created active, just after the customer; the inactive ones stopped on a later day.
      accounts: named.accounts.map(([name]) => ({
        name,
        status: 'active',
        daysAgo,
        minute: minute(came),
      })),
    });
    for (const [name, status] of named.accounts) {
      if (status === 'inactive')
        events.push({
          kind: 'status',
          email: named.email,
          account: name,
          status: 'inactive',
          daysAgo: between(10, daysAgo - 5),
        });
    }
  });

  const names = NAME_FIRST.flatMap((first) =>
    NAME_SECOND.map((second) => `${first} ${second}`),
  );
  for (let index = 0; index < GENERATED_CUSTOMERS; index += 1) {
    const name = names.splice(between(0, names.length - 1), 1)[0];
    // sqrt of an even spread: later weeks get more new customers than earlier ones.
    const progress = Math.sqrt((index + random()) / GENERATED_CUSTOMERS);
    const daysAgo = Math.max(
      1,
      Math.round((DEMO_HISTORY_DAYS - 12) * (1 - progress)),
    );
    const email = `contact@${slug(name)}.example`;
    // A few customers leave again (with their accounts), some weeks after they came.
    const leaves =
      deletedCustomers < DELETED_CUSTOMERS && index % 9 === 4 && daysAgo >= 8;
    const leftDaysAgo = leaves ? between(1, daysAgo - 3) : 0;
    if (leaves) {
      deletedCustomers += 1;
      events.push({ kind: 'delete-customer', email, daysAgo: leftDaysAgo });
    }
    const came = minute();
    const plans = [...PLANS];
    const accounts: DemoAccount[] = [];
    const count = [1, 1, 2, 2, 2, 3, 3, 4][between(0, 7)];
    for (let n = 0; n < count; n += 1) {
      // The first account comes with the customer; later ones are added on a later day (while
      // the customer is still there).
      const accountDaysAgo =
        n === 0 ? daysAgo : between(leftDaysAgo + 1, daysAgo);
      accounts.push({
        name: plans.splice(between(0, plans.length - 1), 1)[0],
        status: random() < 0.08 ? 'inactive' : 'active',
        daysAgo: accountDaysAgo,
        minute: minute(accountDaysAgo === daysAgo ? came : undefined),
      });
    }
    customers.push({
      name,
      email,
      daysAgo,
      minute: came,
      accounts,
    });
  }

  // Status changes and account deletions, each at least two days after the account was created.
  const leaving = new Set(
    events
      .filter((event) => event.kind === 'delete-customer')
      .map((event) => event.email),
  );
  for (const customer of customers.slice(NAMED_CUSTOMERS.length)) {
    if (leaving.has(customer.email)) continue;
    for (const account of customer.accounts) {
      if (account.daysAgo < 6) continue;
      const roll = random();
      const later = () => between(1, account.daysAgo - 2);
      if (roll < 0.05) {
        events.push({
          kind: 'delete-account',
          email: customer.email,
          account: account.name,
          daysAgo: later(),
        });
      } else if (account.status === 'active' && roll < 0.2) {
        const stopped = later();
        events.push({
          kind: 'status',
          email: customer.email,
          account: account.name,
          status: 'inactive',
          daysAgo: stopped,
        });
        if (stopped > 3 && random() < 0.35)
          events.push({
            kind: 'status',
            email: customer.email,
            account: account.name,
            status: 'active',
            daysAgo: between(1, stopped - 1),
          });
      }
    }
  }
  events.sort((a, b) => b.daysAgo - a.daysAgo);
  return { customers, events };
}

/** UTC midnight `daysAgo` days before `today`, plus `minute` minutes. */
function at(today: Date, daysAgo: number, minute = 12 * 60): Date {
  const day = Date.UTC(
    today.getUTCFullYear(),
    today.getUTCMonth(),
    today.getUTCDate() - daysAgo,
  );
  return new Date(day + minute * 60_000);
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Writes DemoData's events, one past day at a time: the analytics rollups (PostgreSQL triggers)
 * record a deletion or status change on the transaction's `analytics.event_day`, so each day's
 * statements run after setting it to that day.
 */
async function replayEvents(
  manager: EntityManager,
  organizationId: string,
  events: DemoEvent[],
  today: Date,
): Promise<void> {
  const days = [...new Set(events.map((event) => event.daysAgo))];
  for (const daysAgo of days) {
    const when = at(today, daysAgo);
    const todays = events.filter((event) => event.daysAgo === daysAgo);
    await manager.query(`SELECT set_config('analytics.event_day', $1, true)`, [
      isoDay(when),
    ]);
    const changes = todays.filter((event) => event.kind === 'status');
    if (changes.length > 0)
      await manager.query(
        `UPDATE accounts a SET status = change.status, updated_at = $5
           FROM unnest($2::text[], $3::text[], $4::text[]) AS change (email, name, status)
           JOIN customers c ON c.email = change.email
          WHERE c.organization_id = $1 AND a.organization_id = $1 AND a.customer_id = c.id AND a.name = change.name
            AND a.status <> change.status`,
        [
          organizationId,
          changes.map((event) => event.email),
          changes.map((event) => event.account),
          changes.map((event) => event.status),
          when,
        ],
      );
    const accounts = todays.filter((event) => event.kind === 'delete-account');
    if (accounts.length > 0)
      await manager.query(
        `DELETE FROM accounts a
          USING unnest($2::text[], $3::text[]) AS gone (email, name), customers c
          WHERE c.organization_id = $1 AND c.email = gone.email
            AND a.organization_id = $1 AND a.customer_id = c.id AND a.name = gone.name`,
        [
          organizationId,
          accounts.map((event) => event.email),
          accounts.map((event) => event.account),
        ],
      );
    const customers = todays.filter(
      (event) => event.kind === 'delete-customer',
    );
    if (customers.length > 0)
      await manager.query(
        'DELETE FROM customers WHERE organization_id = $1 AND email = ANY($2::text[])',
        [organizationId, customers.map((event) => event.email)],
      );
  }
}

/**
 * Seeds a demo organization, its admin user and demoData(): about fifty customers and a hundred and
 * twenty accounts created over the last DEMO_HISTORY_DAYS days, with status changes and deletions
 * on past days, so the dashboard's charts have a history. Only into an empty database; the table
 * lock makes concurrent start-ups seed at most once. One transaction of a few multi-row statements
 * (two inserts, then two to four statements per past day with changes). Returns whether it seeded.
 */
export async function seedDemoData(
  dataSource: DataSource,
  today = new Date(),
): Promise<boolean> {
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);
  const { customers, events } = demoData();
  return dataSource.transaction(async (manager) => {
    await manager.query('LOCK TABLE organizations IN EXCLUSIVE MODE');
    const [{ exists }] = await manager.query<[{ exists: boolean }]>(
      'SELECT EXISTS (SELECT 1 FROM organizations) AS exists',
    );
    if (exists) return false;
    // ids are bigint: node-postgres returns them as text, passed back as parameters unchanged.
    const [org] = await manager.query<[{ id: string }]>(
      `INSERT INTO organizations (name) VALUES ('Demo Company') RETURNING id`,
    );
    await manager.query(
      `INSERT INTO users (organization_id, username, password_hash, role) VALUES ($1, $2, $3, 'admin')`,
      [org.id, DEMO_USERNAME, passwordHash],
    );
    const created = customers.map((customer) =>
      at(today, customer.daysAgo, customer.minute),
    );
    await manager.query(
      `INSERT INTO customers (organization_id, name, email, created_at, updated_at)
       SELECT $1, name, email, created, created
         FROM unnest($2::text[], $3::text[], $4::timestamptz[]) AS c (name, email, created)
        ORDER BY created`,
      [
        org.id,
        customers.map((customer) => customer.name),
        customers.map((customer) => customer.email),
        created,
      ],
    );
    const accounts = customers.flatMap((customer) =>
      customer.accounts.map((account) => ({ email: customer.email, account })),
    );
    await manager.query(
      `INSERT INTO accounts (organization_id, customer_id, name, status, created_at, updated_at)
       SELECT $1, c.id, a.name, a.status, a.created, a.created
         FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[])
              WITH ORDINALITY AS a (email, name, status, created, n)
         JOIN customers c ON c.organization_id = $1 AND c.email = a.email
        ORDER BY a.created, a.n`,
      [
        org.id,
        accounts.map(({ email }) => email),
        accounts.map(({ account }) => account.name),
        accounts.map(({ account }) => account.status),
        accounts.map(({ account }) =>
          at(today, account.daysAgo, account.minute),
        ),
      ],
    );
    await replayEvents(manager, org.id, events, today);
    return true;
  });
}
