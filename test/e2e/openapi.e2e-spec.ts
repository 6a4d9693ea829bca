import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTestApp } from '../support/test-app.js';

/**
 * The portal's TypeScript types are generated from this committed copy of the API's OpenAPI
 * document (frontend: npm run generate:api). Comparing it with what the API serves catches drift.
 */
const COMMITTED = join(process.cwd(), 'frontend', 'openapi.json');
const UPDATE_COMMAND = 'npm run openapi:update';

describe('the OpenAPI document the portal is typed from', () => {
  const suite = useTestApp();

  it('equals what /swagger-json serves', async () => {
    const served = await suite.http.get('/swagger-json');
    expect(served.status).toBe(200);
    const text = `${JSON.stringify(served.body, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') {
      writeFileSync(COMMITTED, text);
      return;
    }
    const committed = existsSync(COMMITTED)
      ? readFileSync(COMMITTED, 'utf8')
      : '';
    if (committed !== text) {
      throw new Error(
        `frontend/openapi.json differs from the API's /swagger-json: run \`${UPDATE_COMMAND}\`, then rebuild the portal and commit both.`,
      );
    }
    const spec = JSON.parse(committed) as { paths: Record<string, unknown> };
    expect(spec.paths['/api/analytics/growth']).toBeDefined();
  });
});
