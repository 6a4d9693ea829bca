import type { RouteReason } from '../core/api/api';

/**
 * Every X-Routing-Reason in words (the API's wording: SERVED_BY_HEADER in
 * apps/api/src/analytics/served-by.ts): `short` after "leader · " on the dashboard's badge,
 * `explained` in the System page's legend.
 */
export const ROUTE_REASONS: Record<RouteReason, { short: string; explained: string }> = {
  fresh: {
    short: 'a follower had your latest change',
    explained: 'a follower had already replayed the organization’s latest write',
  },
  'caught-up-after-wait': {
    short: 'a follower caught up with your latest change',
    explained:
      'a follower replayed the organization’s latest write while the read waited (at most CAUSAL_WAIT_MS)',
  },
  'stale-for-tenant': {
    short: 'your latest change is not on a follower yet',
    explained:
      'no follower had replayed the organization’s latest write in time: the leader answered',
  },
  lagging: {
    short: 'followers lagging',
    explained: 'every follower was more than REPLICA_MAX_LAG_MS behind: the leader answered',
  },
  down: {
    short: 'followers down',
    explained: 'no follower could be reached: the leader answered',
  },
  'no-follower': {
    short: 'no follower configured',
    explained: 'ANALYTICS_DB_URL names no follower: the leader answers every analytics read',
  },
};

/** The reasons in the order the legend lists them. */
export const ROUTE_REASON_ORDER = Object.keys(ROUTE_REASONS) as RouteReason[];

/** A reason from a header, or null when it is none the portal knows. */
export function routeReason(value: string | null): RouteReason | null {
  return value !== null && Object.hasOwn(ROUTE_REASONS, value) ? (value as RouteReason) : null;
}

/**
 * Who answered an analytics read, in words, from its X-Served-By, X-Served-By-Replica and
 * X-Routing-Reason headers: "follower 2", or "leader · followers lagging" (why not a follower).
 */
export function servedByText(
  servedBy: string,
  replica: string | null,
  reason: string | null,
): string {
  if (servedBy === 'follower') return replica ? `follower ${replica}` : 'follower';
  const known = routeReason(reason);
  return known ? `${servedBy} · ${ROUTE_REASONS[known].short}` : servedBy;
}
