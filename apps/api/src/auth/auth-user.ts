import type { UserRole } from '@app/database';

/** The caller, as established by JwtAuthGuard from a verified token. */
export interface AuthUser {
  id: number;
  organizationId: number;
  username: string;
  role: UserRole;
}

export interface JwtClaims {
  sub: string;
  org: number;
  username: string;
  role: UserRole;
}
