import bcrypt from 'bcrypt';
import type { DataSource } from 'typeorm';

export const DEMO_USERNAME = 'admin';
export const DEMO_PASSWORD = 'admin123';

const DEMO_CUSTOMERS: {
  name: string;
  email: string;
  accounts: [string, 'active' | 'inactive'][];
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

/**
 * Seeds a demo organization, its admin user and five customers with accounts, only into an empty
 * database. The table lock makes concurrent start-ups seed at most once. Returns whether it seeded.
 */
export async function seedDemoData(dataSource: DataSource): Promise<boolean> {
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);
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
    for (const customer of DEMO_CUSTOMERS) {
      const [row] = await manager.query<[{ id: string }]>(
        'INSERT INTO customers (organization_id, name, email) VALUES ($1, $2, $3) RETURNING id',
        [org.id, customer.name, customer.email],
      );
      for (const [name, status] of customer.accounts) {
        await manager.query(
          'INSERT INTO accounts (organization_id, customer_id, name, status) VALUES ($1, $2, $3, $4)',
          [org.id, row.id, name, status],
        );
      }
    }
    return true;
  });
}
