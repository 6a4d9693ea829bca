import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import {
  isoTimestamps,
  runStatement,
} from '../../libs/database/src/routing/statements.js';

/** Instants with microseconds over two centuries, plus the edges of a second. */
const SQL = `SELECT t AS at FROM (
    SELECT timestamptz '1950-01-01 00:00:00+00' + g * interval '1 day 3 hours 17 minutes 1.234567 second' AS t
      FROM generate_series(0, 2000) g
    UNION ALL SELECT timestamptz '2026-11-26 10:00:00+00'
    UNION ALL SELECT timestamptz '2026-11-26 10:00:00.999999+00'
    UNION ALL SELECT timestamptz '2026-11-26 10:00:00.000001+00'
  ) instants ORDER BY t`;
const DECLARED = isoTimestamps(`${SQL} /* iso */`);

describe('timestamps as ISO text, on PostgreSQL', () => {
  let client: pg.Client;

  beforeAll(async () => {
    client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
  });

  it.each(['UTC', 'Asia/Kolkata', 'America/St_Johns'])(
    'gives what the Date of each row printed, in a session in %s',
    async (zone) => {
      await client.query(`SET TimeZone = '${zone}'`);
      const dates = (await client.query<{ at: Date }>(SQL)).rows.map(({ at }) =>
        at.toISOString(),
      );
      const texts = (
        await runStatement<{ at: string }>(client, DECLARED, [])
      ).map(({ at }) => at);
      expect(dates).toHaveLength(2004);
      expect(texts).toEqual(dates);
      expect(texts).toContain('2026-11-26T10:00:00.999Z');
    },
  );
});
