import { describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { Http } from '../support/http.js';
import { startTestApp } from '../support/test-app.js';

/**
 * Without Redis every api process runs pg-boss; scaled out, several start at once against a
 * database where pg-boss's queues do not exist yet (the first deploy). Creating them concurrently
 * deadlocked inside pg-boss (seen by `npm run bench`, which starts two apis together).
 */
describe('two api processes starting together without Redis', () => {
  it('both start and answer, creating pg-boss queues in a fresh schema', async () => {
    const env = {
      REDIS_URL: undefined,
      AGGREGATE_SCHEDULE: 'off',
      JOBS_PG_SCHEMA: `boss_${randomUUID().replace(/-/g, '').slice(0, 12)}`,
    };
    const apps = await Promise.all([startTestApp(env), startTestApp(env)]);
    try {
      for (const app of apps)
        expect((await new Http(app.baseUrl).get('/health')).status).toBe(200);
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  }, 60_000);
});
