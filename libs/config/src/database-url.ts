/**
 * Pure functions that turn environment variables into connection settings.
 * Kept free of Nest and TypeORM so that they are cheap to unit-test and usable from scripts.
 */

export type Env = Record<string, string | undefined>;

export interface ResolvedUrl {
  url: string;
  /** Name of the variable the URL came from (logged; the URL itself never is). */
  source: string;
}

export class DatabaseConfigError extends Error {}

const HEROKU_URL = /^HEROKU_POSTGRESQL_[A-Z0-9_]+_URL$/;

/**
 * DATABASE_URL if set; else exactly one HEROKU_POSTGRESQL_<COLOR>_URL; several of those -> error
 * (the first one can be a follower); none -> null (the caller starts the embedded default).
 */
export function resolvePrimaryUrl(env: Env): ResolvedUrl | null {
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) return { url: databaseUrl, source: 'DATABASE_URL' };
  const heroku = Object.keys(env)
    .filter((key) => HEROKU_URL.test(key) && env[key]?.trim())
    .sort();
  if (heroku.length > 1) {
    throw new DatabaseConfigError(
      `Several Heroku Postgres URLs are set (${heroku.join(', ')}) and DATABASE_URL is not: ` +
        'set DATABASE_URL to the leader (and ANALYTICS_DB_URL to a follower) so the choice is explicit.',
    );
  }
  if (heroku.length === 1)
    return { url: (env[heroku[0]] ?? '').trim(), source: heroku[0] };
  return null;
}

/** ANALYTICS_DB_URL, possibly a comma-separated list of followers. */
export function resolveAnalyticsUrls(env: Env): string[] {
  return (env.ANALYTICS_DB_URL ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean);
}

export interface PgConnectionSettings {
  url: string;
  ssl: false | { rejectUnauthorized: false };
}

/**
 * Heroku-style URLs carry `sslmode=require`: TLS without CA pinning (Heroku's certificates are not
 * signed by a public CA). The parameter is removed from the URL so that pg does not reinterpret it.
 */
export function connectionSettings(
  url: string,
  forceSsl: boolean,
): PgConnectionSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseConfigError(
      'A database URL is not a valid URL (expected postgres://user:pass@host:port/db)',
    );
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new DatabaseConfigError(
      `A database URL has protocol "${parsed.protocol}", expected postgres:`,
    );
  }
  const sslmode = parsed.searchParams.get('sslmode');
  parsed.searchParams.delete('sslmode');
  const wantsSsl = forceSsl || (sslmode !== null && sslmode !== 'disable');
  return {
    url: parsed.toString(),
    ssl: wantsSsl ? { rejectUnauthorized: false } : false,
  };
}

/** host:port/db of a URL, for logs: never the user or password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '<invalid url>';
  }
}
