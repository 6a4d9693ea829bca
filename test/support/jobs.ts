import { Http, signUp, uniqueName } from './http.js';
import { waitFor } from './wait.js';

/** The aggregate of the organization organizationWithData() creates. */
export const EXPECTED_AGGREGATE = {
  total_customers: 2,
  total_accounts: 3,
  active_accounts: 2,
  inactive_accounts: 1,
  avg_accounts_per_customer: 1.5,
};

/**
 * A new organization with two customers and three accounts (two active), once the follower has
 * them: the aggregation job reads there.
 */
export async function organizationWithData(http: Http, prefix: string): Promise<{ client: Http; organizationId: number }> {
  const { client, organizationId } = await signUp(http, prefix);
  const a = (await client.post('/api/customers', { name: 'A', email: `${uniqueName('a')}@x.example` })).body.id;
  await client.post('/api/customers', { name: 'B', email: `${uniqueName('b')}@x.example` });
  for (const [name, status] of [['p', 'active'], ['q', 'inactive'], ['r', 'active']]) {
    await client.post('/api/accounts', { customer_id: a, name, status });
  }
  await waitFor('the follower to catch up', async () => (await client.get('/api/analytics')).body.total_accounts === 3);
  return { client, organizationId };
}

/** Polls GET /api/jobs/:id until the job is in `state`, and returns that view. */
export async function jobInState(client: Http, jobId: string, state = 'completed', timeoutMs?: number): Promise<any> {
  let job: any;
  await waitFor(`job ${jobId} to be ${state}`, async () => {
    job = (await client.get(`/api/jobs/${jobId}`)).body;
    return job.state === state;
  }, timeoutMs);
  return job;
}
