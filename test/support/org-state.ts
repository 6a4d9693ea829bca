import pg from 'pg';

/**
 * A fingerprint of everything an organization owns on the leader (row counts and an md5 of every
 * column of its users, customers, accounts and sessions, and the number of its jobs in the pg-boss
 * schema `jobsSchema` of the app under test): two equal fingerprints mean a request changed
 * nothing, including updated_at. Daily snapshots are left out: only jobs write them, in the
 * background, at any time after the request that enqueued them.
 */
export function orgFingerprintSql(jobsSchema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(jobsSchema))
    throw new Error(`not a schema name: ${jobsSchema}`);
  return `
  SELECT (SELECT count(*) FROM users WHERE organization_id = $1)::text || ':' ||
         (SELECT count(*) FROM customers WHERE organization_id = $1)::text || ':' ||
         (SELECT count(*) FROM accounts WHERE organization_id = $1)::text || ':' ||
         -- pg-boss moves finished jobs from job to archive in one statement: count both.
         (SELECT count(*) FROM (SELECT 1 FROM ${jobsSchema}.job WHERE data->'data'->>'organization_id' = $1::text
                                UNION ALL SELECT 1 FROM ${jobsSchema}.archive WHERE data->'data'->>'organization_id' = $1::text) jobs)::text || ':' ||
         coalesce((SELECT md5(string_agg(s::text, '|' ORDER BY s.id)) FROM sessions s WHERE s.organization_id = $1), '-') || ':' ||
         coalesce((SELECT md5(string_agg(u::text, '|' ORDER BY u.id)) FROM users u WHERE u.organization_id = $1), '-') || ':' ||
         coalesce((SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM customers c WHERE c.organization_id = $1), '-') || ':' ||
         coalesce((SELECT md5(string_agg(a::text, '|' ORDER BY a.id)) FROM accounts a WHERE a.organization_id = $1), '-')
    AS fingerprint`;
}

/** One connection to the test leader, for fingerprints and fast bulk inserts. */
export async function connectLeader(): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: process.env.TEST_DATABASE_URL,
  });
  await client.connect();
  return client;
}

export async function orgFingerprint(
  leader: pg.Client,
  organizationId: number,
  jobsSchema: string,
): Promise<string> {
  const { rows } = await leader.query<{ fingerprint: string }>(
    orgFingerprintSql(jobsSchema),
    [organizationId],
  );
  return rows[0].fingerprint;
}
