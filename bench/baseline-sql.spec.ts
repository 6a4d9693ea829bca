import { describe, expect, it } from '@jest/globals';
import { ACCOUNT_SQL } from '../apps/api/src/accounts/accounts.repository.js';
import { ANALYTICS_SQL } from '../apps/api/src/analytics/analytics.service.js';
import { CUSTOMER_SQL } from '../apps/api/src/customers/customers.repository.js';
// @ts-expect-error plain ES module without type declarations
import { BASELINE_SQL } from './baseline-sql.mjs';

describe('benchmark baseline', () => {
  it('runs exactly the SQL the API runs', () => {
    expect(BASELINE_SQL).toEqual({
      customerById: CUSTOMER_SQL.findById,
      customerList: CUSTOMER_SQL.list,
      customerInsert: CUSTOMER_SQL.insert,
      accountInsert: ACCOUNT_SQL.insert,
      analytics: ANALYTICS_SQL.organization,
    });
  });
});
