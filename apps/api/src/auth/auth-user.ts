import type { UserRole } from '@app/database';

/** The caller, as established by JwtAuthGuard from a verified token of a live session. */
export interface AuthUser {
  id: number;
  organizationId: number;
  username: string;
  role: UserRole;
  /** The session the access token belongs to (logout revokes it). */
  sessionId: number;
}

export interface JwtClaims {
  sub: string;
  org: number;
  username: string;
  role: UserRole;
  /** Session id: the guard refuses tokens of revoked sessions. */
  sid: number;
}
