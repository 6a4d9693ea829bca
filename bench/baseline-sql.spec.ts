import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCOUNT_SQL } from '../apps/api/src/accounts/accounts.repository.js';
import { ANALYTICS_SQL } from '../apps/api/src/analytics/analytics.service.js';
import { CUSTOMER_SQL } from '../apps/api/src/customers/customers.repository.js';
import { PLAIN_HEADERS } from '../apps/api/src/http/security-headers.js';
// @ts-expect-error plain ES module without type declarations
import { BASELINE_SQL } from './baseline-sql.mjs';
// @ts-expect-error plain ES module without type declarations
import { SECURITY_HEADERS } from './lib/security-headers.mjs';

/** The statements a baseline server passes to pg: the first argument of every `.query(`. */
function statementsOf(server: string): string[] {
  const source = readFileSync(join(__dirname, server), 'utf8');
  return [...source.matchAll(/\.query\(\s*([^,]+),/g)].map((match) =>
    match[1].trim(),
  );
}

describe('benchmark baselines', () => {
  it('run exactly the SQL the API runs', () => {
    expect(BASELINE_SQL).toEqual({
      customerById: CUSTOMER_SQL.findById,
      customerList: CUSTOMER_SQL.list,
      customerInsert: CUSTOMER_SQL.insert,
      accountInsert: ACCOUNT_SQL.insert,
      analytics: ANALYTICS_SQL.organization,
    });
  });

  it.each(['baseline-server.mjs', 'minimal-server.mjs'])(
    '%s sends pg only the statements of BASELINE_SQL, each of them',
    (server) => {
      const statements = statementsOf(server);
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements)
        expect(statement).toMatch(/^BASELINE_SQL\.\w+$/);
      expect(new Set(statements)).toEqual(
        new Set(
          Object.keys(BASELINE_SQL as object).map(
            (key) => `BASELINE_SQL.${key}`,
          ),
        ),
      );
    },
  );

  it('the minimal complete baseline sends the security headers the API sends', () => {
    expect(SECURITY_HEADERS).toEqual(PLAIN_HEADERS);
  });
});
