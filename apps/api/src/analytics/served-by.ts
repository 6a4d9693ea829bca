import { type Route, ROUTE_REASONS, type Routed } from '@app/database';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReplyShape } from '../http/reply-shape.js';

/** Which server computed a result: read from pg_is_in_recovery() inside the same statement. */
export type ServedBy = 'follower' | 'leader';

/**
 * A service's answer with who computed it and why: answered as `result`, with the routing headers
 * X-Served-By, X-Routing-Reason and (a follower's) X-Served-By-Replica (see ReplyShape).
 */
export class Served<T> extends ReplyShape {
  constructor(
    readonly result: T,
    readonly servedBy: ServedBy,
    readonly route: Route,
  ) {
    super();
  }

  toReply(_request: FastifyRequest, reply: FastifyReply): T {
    reply.header('X-Served-By', this.servedBy);
    reply.header('X-Routing-Reason', this.route.reason);
    if (this.route.replica !== undefined)
      reply.header('X-Served-By-Replica', this.route.replica);
    return this.result;
  }

  /** The statement's own pg_is_in_recovery() says who answered (the route when it returned no row). */
  static from<T>(routed: Routed<unknown>, result: T): Served<T> {
    const first = routed.rows.at(0);
    const servedBy = first
      ? first.in_recovery
        ? 'follower'
        : 'leader'
      : routed.route.target;
    return new Served(result, servedBy, routed.route);
  }
}

/** Swagger text for the headers, shared by every analytics route. */
export const SERVED_BY_HEADER = {
  'X-Served-By': {
    description:
      'follower or leader: which server computed the numbers (pg_is_in_recovery() of that statement)',
    schema: { type: 'string', enum: ['follower', 'leader'] },
  },
  'X-Served-By-Replica': {
    description:
      'when a follower answered: its 1-based position in ANALYTICS_DB_URL (the `replica` label of /metrics and /health)',
    schema: { type: 'string' },
  },
  'X-Routing-Reason': {
    description:
      "why that server: fresh (a follower had replayed the organization's writes), caught-up-after-wait (one did within CAUSAL_WAIT_MS), stale-for-tenant (none had; the leader answered), lagging (every follower is past REPLICA_MAX_LAG_MS), down (no follower reachable), no-follower (none configured)",
    schema: { type: 'string', enum: [...ROUTE_REASONS] },
  },
};
