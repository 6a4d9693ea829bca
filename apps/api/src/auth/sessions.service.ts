import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  Tenant,
  TenantDataSource,
  type TenantSql,
  tenantSql,
  type UserRole,
} from '@app/database';
import type { EntityManager } from 'typeorm';
import { SessionInvalidError } from '@app/common';
import type { AllConfig } from '../config/index.js';

/**
 * How long this process trusts its last look at an active session. A session revoked by this process
 * (logout, password change, reuse, user deletion) stops working here at once; one revoked by another
 * api process stops working here within this time. Revoked is final and cached until evicted.
 * Access tokens live 15 minutes anyway: 5 s bounds the window to 1/180th of that, while a busy
 * session costs one primary-key lookup per 5 s instead of one per request.
 */
export const SESSION_CHECK_TTL_MS = 5_000;
/** Bounds the cache's memory (an entry is ~100 bytes); the oldest entries go first. */
const SESSION_CACHE_MAX = 100_000;

/**
 * Statements on the primary, one named constant each, all through the tenancy layer: `$1` is the
 * organization, bound by TenantDataSource from the Tenant the caller passes.
 */
const SQL = {
  /** Expired sessions of a user are deleted at their next sign-in (their tokens are spent anyway). */
  pruneExpired: tenantSql(
    `DELETE FROM sessions WHERE organization_id = $1 AND user_id = $2 AND expires_at < now()`,
  ),
  create: tenantSql(`
    INSERT INTO sessions (organization_id, user_id, expires_at)
    VALUES ($1, $2, now() + $3 * interval '1 second')
    RETURNING id::int AS id`),
  /** Spends a refresh token: exactly one caller can, even when two present it at once. */
  spend: tenantSql(`
    UPDATE refresh_tokens SET used_at = now()
    WHERE organization_id = $1 AND token_hash = $2 AND used_at IS NULL
    RETURNING session_id::int AS session_id`),
  /** A spent token presented again: whoever holds it, the session is compromised. */
  revokeOnReuse: tenantSql(`
    UPDATE sessions s SET revoked_at = coalesce(s.revoked_at, now()), revoked_reason = coalesce(s.revoked_reason, 'refresh_token_reuse')
    FROM refresh_tokens t
    WHERE t.organization_id = $1 AND t.token_hash = $2 AND s.organization_id = t.organization_id AND s.id = t.session_id
    RETURNING s.id::int AS id`),
  extend: tenantSql(`
    UPDATE sessions s SET refreshed_at = now(), expires_at = now() + $3 * interval '1 second'
    FROM users u
    WHERE s.organization_id = $1 AND s.id = $2 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.id = s.user_id
    RETURNING s.id::int AS session_id, u.id::int AS id, u.organization_id::int AS organization_id, u.username, u.role`),
  addToken: tenantSql(
    `INSERT INTO refresh_tokens (organization_id, token_hash, session_id) VALUES ($1, $2, $3)`,
  ),
  /**
   * Spent tokens older than a refresh token's lifetime would be refused as expired anyway: they
   * are dropped, so a session refreshed every 15 minutes keeps at most TTL / 15 min rows.
   */
  pruneSpent: tenantSql(`
    DELETE FROM refresh_tokens
    WHERE organization_id = $1 AND session_id = $2 AND used_at IS NOT NULL AND created_at < now() - $3 * interval '1 second'`),
  lookup: tenantSql(
    `SELECT user_id::int AS user_id, revoked_at IS NULL AS active FROM sessions WHERE organization_id = $1 AND id = $2`,
  ),
  revoke: tenantSql(`
    UPDATE sessions SET revoked_at = now(), revoked_reason = $3
    WHERE organization_id = $1 AND id = $2 AND revoked_at IS NULL`),
  /** $4: a session to keep (NULL: none). */
  revokeOfUser: tenantSql(`
    UPDATE sessions SET revoked_at = now(), revoked_reason = $3
    WHERE organization_id = $1 AND user_id = $2 AND id IS DISTINCT FROM $4::bigint AND revoked_at IS NULL
    RETURNING id::int AS id`),
} as const;

export interface SessionUser {
  id: number;
  organization_id: number;
  username: string;
  role: UserRole;
}

export interface IssuedSession {
  sessionId: number;
  refreshToken: string;
}

interface CacheEntry {
  active: boolean;
  /** The session's user, when active: a token naming this session and another user is refused. */
  userId?: number;
  /** Date.now() after which an active entry is checked again. */
  until: number;
}

const tokenHash = (token: string): Buffer =>
  createHash('sha256').update(token, 'utf8').digest();
/**
 * `<organization id>.<256 random bits>`: unguessable, so a fast hash (SHA-256) is enough to store it
 * safely; the organization in front lets every statement on refresh_tokens name its tenant, so they
 * stay on one shard when the tenant tables are distributed (docs/scaling.md).
 */
const newRefreshToken = (organizationId: number): string =>
  `${organizationId}.${randomBytes(32).toString('base64url')}`;
const REFRESH_TOKEN = /^([1-9][0-9]{0,15})\.[A-Za-z0-9_-]{43}$/;

/**
 * The tenant and stored hash of a refresh token, or undefined for anything we never issued. The
 * refresh route is public, so the token itself names the tenant; that is safe to scope by, because
 * a token's hash is stored under the organization it was issued for: a token whose prefix names
 * another organization matches no row there.
 */
function parseRefreshToken(
  token: string,
): { tenant: Tenant; hash: Buffer } | undefined {
  const organizationId = Number(REFRESH_TOKEN.exec(token)?.[1]);
  return Number.isSafeInteger(organizationId)
    ? { tenant: Tenant.of(organizationId), hash: tokenHash(token) }
    : undefined;
}
const cacheKey = (organizationId: number, sessionId: number) =>
  `${organizationId}:${sessionId}`;

/**
 * Sessions on the primary and the per-process answer to "is this access token's session still
 * valid?", which the guard asks on every request (see SESSION_CHECK_TTL_MS).
 */
@Injectable()
export class SessionsService {
  private readonly cache = new Map<string, CacheEntry>();
  /** Concurrent requests of one session share a single lookup. */
  private readonly lookups = new Map<string, Promise<void>>();

  constructor(
    private readonly db: TenantDataSource,
    private readonly config: ConfigService<AllConfig, true>,
  ) {}

  /** The tenant's statements, in `manager`'s transaction when given: every row, or the first (if any). */
  private statements(tenant: Tenant, manager?: EntityManager) {
    const all = <R>(sql: TenantSql, params: unknown[]) =>
      this.db.rows<R>(tenant, sql, params, manager);
    return {
      all,
      first: async <R>(sql: TenantSql, params: unknown[]) =>
        (await all<R>(sql, params)).at(0),
    };
  }

  private get refreshTtl(): number {
    return this.config.get('auth.refreshTokenTtlSeconds', { infer: true });
  }

  /** A new session for a user who just proved their password, with its first refresh token. */
  async create(tenant: Tenant, userId: number): Promise<IssuedSession> {
    const { organizationId } = tenant;
    const refreshToken = newRefreshToken(organizationId);
    const sessionId = await this.db.transaction(tenant, async (manager) => {
      const sql = this.statements(tenant, manager);
      await sql.all(SQL.pruneExpired, [userId]);
      const [row] = await sql.all<{ id: number }>(SQL.create, [
        userId,
        this.refreshTtl,
      ]);
      await sql.all(SQL.addToken, [tokenHash(refreshToken), row.id]);
      return row.id;
    });
    this.cache.delete(cacheKey(organizationId, sessionId)); // a new id: nothing known about it can be true
    this.remember(organizationId, sessionId, true, userId);
    return { sessionId, refreshToken };
  }

  /**
   * Spends `refreshToken` and issues its successor in the same session. A token that was already
   * spent revokes the session (the thief's and the owner's copies both stop working).
   */
  async rotate(
    refreshToken: string,
  ): Promise<{ user: SessionUser } & IssuedSession> {
    const parsed = parseRefreshToken(refreshToken);
    if (!parsed)
      throw new SessionInvalidError('Invalid or expired refresh token');
    const { tenant, hash } = parsed;
    const outcome = await this.db.transaction(tenant, async (manager) => {
      const sql = this.statements(tenant, manager);
      const spent = await sql.first<{ session_id: number }>(SQL.spend, [hash]);
      if (!spent) {
        const reused = await sql.first<{ id: number }>(SQL.revokeOnReuse, [
          hash,
        ]);
        return reused
          ? ({ kind: 'reused', sessionId: reused.id } as const)
          : ({ kind: 'unknown' } as const);
      }
      return this.extend(sql, tenant, spent.session_id);
    });
    if (outcome.kind === 'reused') {
      this.remember(tenant.organizationId, outcome.sessionId, false);
      throw new SessionInvalidError(
        'Refresh token already used: the session has been revoked, sign in again',
      );
    }
    if (outcome.kind !== 'rotated')
      throw new SessionInvalidError('Invalid or expired refresh token');
    return {
      user: outcome.user,
      sessionId: outcome.user.session_id,
      refreshToken: outcome.refreshToken,
    };
  }

  private async extend(
    sql: ReturnType<SessionsService['statements']>,
    tenant: Tenant,
    sessionId: number,
  ) {
    const row = await sql.first<SessionUser & { session_id: number }>(
      SQL.extend,
      [sessionId, this.refreshTtl],
    );
    if (!row) return { kind: 'ended' } as const;
    const refreshToken = newRefreshToken(tenant.organizationId);
    await sql.all(SQL.addToken, [tokenHash(refreshToken), sessionId]);
    await sql.all(SQL.pruneSpent, [sessionId, this.refreshTtl]);
    return { kind: 'rotated', user: row, refreshToken } as const;
  }

  /** Logout. */
  async revoke(tenant: Tenant, sessionId: number): Promise<void> {
    await this.statements(tenant).all(SQL.revoke, [sessionId, 'logout']);
    this.remember(tenant.organizationId, sessionId, false);
  }

  /**
   * Every live session of a user, but `keepSessionId` when given: after a password change (all but
   * the session that changed it, `password_changed`) and before a user is deleted (all of them,
   * `user_deleted`; their rows then go with the user). Runs in the caller's transaction; pass the
   * ids it returns to forget() once that committed.
   */
  async revokeOfUser(
    manager: EntityManager,
    tenant: Tenant,
    userId: number,
    reason: 'password_changed' | 'user_deleted',
    keepSessionId?: number,
  ): Promise<number[]> {
    const rows = await this.statements(tenant, manager).all<{ id: number }>(
      SQL.revokeOfUser,
      [userId, reason, keepSessionId ?? null],
    );
    return rows.map((row) => row.id);
  }

  /** Marks sessions revoked in this process's cache (after the revoking transaction committed). */
  forget(tenant: Tenant, sessionIds: number[]): void {
    for (const id of sessionIds)
      this.remember(tenant.organizationId, id, false);
  }

  /**
   * The guard's question, with the organization of a verified token; a cache hit (the common case)
   * costs a Map lookup, so the Tenant is made only for the lookup.
   */
  isActive(
    organizationId: number,
    sessionId: number,
    userId: number,
  ): boolean | Promise<boolean> {
    const key = cacheKey(organizationId, sessionId);
    const cached = this.cache.get(key);
    if (cached && (!cached.active || cached.until > Date.now()))
      return cached.active && cached.userId === userId;
    let lookup = this.lookups.get(key);
    if (!lookup) {
      lookup = this.statements(Tenant.of(organizationId))
        .first<{ user_id: number; active: boolean }>(SQL.lookup, [sessionId])
        .then((row) => {
          // No row: expired and pruned, or deleted with its user. Either way final.
          this.remember(
            organizationId,
            sessionId,
            row?.active ?? false,
            row?.user_id,
          );
        })
        .finally(() => this.lookups.delete(key));
      this.lookups.set(key, lookup);
    }
    return lookup.then(() => {
      const known = this.cache.get(key);
      return known !== undefined && known.active && known.userId === userId;
    });
  }

  /** Records what we know; a revoked session never becomes active again (a late lookup cannot undo a revocation). */
  private remember(
    organizationId: number,
    sessionId: number,
    active: boolean,
    userId?: number,
  ): boolean {
    const key = cacheKey(organizationId, sessionId);
    const known = this.cache.get(key);
    if (known && !known.active) return false;
    this.cache.delete(key);
    this.cache.set(key, {
      active,
      userId,
      until: Date.now() + SESSION_CHECK_TTL_MS,
    });
    if (this.cache.size > SESSION_CACHE_MAX) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    return active;
  }
}
