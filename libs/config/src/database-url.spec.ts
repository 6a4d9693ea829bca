import { describe, expect, it } from '@jest/globals';
import {
  connectionSettings,
  DatabaseConfigError,
  describeUrl,
  resolveAnalyticsUrls,
  resolvePrimaryUrl,
} from './database-url.js';

describe('resolvePrimaryUrl', () => {
  it('prefers DATABASE_URL over Heroku colour URLs', () => {
    const env = {
      DATABASE_URL: 'postgres://a/db',
      HEROKU_POSTGRESQL_RED_URL: 'postgres://red/db',
    };
    expect(resolvePrimaryUrl(env)).toEqual({
      url: 'postgres://a/db',
      source: 'DATABASE_URL',
    });
  });

  it('takes the only HEROKU_POSTGRESQL_<COLOR>_URL when DATABASE_URL is unset', () => {
    expect(
      resolvePrimaryUrl({ HEROKU_POSTGRESQL_COBALT_URL: 'postgres://c/db' }),
    ).toEqual({
      url: 'postgres://c/db',
      source: 'HEROKU_POSTGRESQL_COBALT_URL',
    });
  });

  it('refuses several Heroku URLs without DATABASE_URL, naming them', () => {
    const env = {
      HEROKU_POSTGRESQL_RED_URL: 'postgres://r/db',
      HEROKU_POSTGRESQL_BLUE_URL: 'postgres://b/db',
    };
    expect(() => resolvePrimaryUrl(env)).toThrow(DatabaseConfigError);
    expect(() => resolvePrimaryUrl(env)).toThrow(
      /HEROKU_POSTGRESQL_BLUE_URL, HEROKU_POSTGRESQL_RED_URL/,
    );
  });

  it('returns null when nothing is configured (embedded default)', () => {
    expect(
      resolvePrimaryUrl({ DATABASE_URL: '  ', UNRELATED_URL: 'x' }),
    ).toBeNull();
  });
});

describe('resolveAnalyticsUrls', () => {
  it('splits a comma-separated list and drops blanks', () => {
    expect(
      resolveAnalyticsUrls({
        ANALYTICS_DB_URL: 'postgres://f1/db, postgres://f2/db,',
      }),
    ).toEqual(['postgres://f1/db', 'postgres://f2/db']);
    expect(resolveAnalyticsUrls({})).toEqual([]);
  });
});

describe('connectionSettings', () => {
  it('turns sslmode=require into TLS without CA pinning and strips the parameter', () => {
    expect(
      connectionSettings('postgres://u:p@h:5432/db?sslmode=require', false),
    ).toEqual({
      url: 'postgres://u:p@h:5432/db',
      ssl: { rejectUnauthorized: false },
    });
  });

  it('uses TLS when DATABASE_SSL=true and plain TCP otherwise', () => {
    expect(connectionSettings('postgres://h/db', true).ssl).toEqual({
      rejectUnauthorized: false,
    });
    expect(connectionSettings('postgres://h/db', false).ssl).toBe(false);
    expect(
      connectionSettings('postgres://h/db?sslmode=disable', false).ssl,
    ).toBe(false);
  });

  it('rejects what is not a postgres URL without echoing it', () => {
    expect(() => connectionSettings('mysql://u:secret@h/db', false)).toThrow(
      DatabaseConfigError,
    );
    expect(() => connectionSettings('not a url secret', false)).toThrow(
      /not a valid URL/,
    );
    expect(() => connectionSettings('not a url secret', false)).not.toThrow(
      /secret/,
    );
  });
});

describe('describeUrl', () => {
  it('never includes credentials', () => {
    expect(describeUrl('postgres://user:hunter2@db.example:6432/app')).toBe(
      'db.example:6432/app',
    );
  });
});
