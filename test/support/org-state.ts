import pg from 'pg';

/**
 * A fingerprint of everything an organization owns on the leader (row counts and an md5 of every
 * column of its users, customers, accounts and job runs): two equal fingerprints mean a request
 * changed nothing, including updated_at.
 */
export const ORG_FINGERPRINT_SQL = `
  SELECT (SELECT count(*) FROM users WHERE organization_id = $1)::text || ':' ||
         (SELECT count(*) FROM customers WHERE organization_id = $1)::text || ':' ||
         (SELECT count(*) FROM accounts WHERE organization_id = $1)::text || ':' ||
         (SELECT count(*) FROM job_runs WHERE organization_id = $1)::text || ':' ||
         coalesce((SELECT md5(string_agg(u::text, '|' ORDER BY u.id)) FROM users u WHERE u.organization_id = $1), '-') || ':' ||
         coalesce((SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM customers c WHERE c.organization_id = $1), '-') || ':' ||
         coalesce((SELECT md5(string_agg(a::text, '|' ORDER BY a.id)) FROM accounts a WHERE a.organization_id = $1), '-')
    AS fingerprint`;

/** One connection to the test leader, for fingerprints and fast bulk inserts. */
export async function connectLeader(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  return client;
}

export async function orgFingerprint(leader: pg.Client, organizationId: number): Promise<string> {
  const { rows } = await leader.query<{ fingerprint: string }>(ORG_FINGERPRINT_SQL, [organizationId]);
  return rows[0].fingerprint;
}
