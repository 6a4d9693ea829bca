import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { type Route, ROUTE_REASONS, type Routed } from '@app/database';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

/** Which server computed a result: read from pg_is_in_recovery() inside the same statement. */
export type ServedBy = 'follower' | 'leader';

/** A service's answer with who computed it and why; ServedByInterceptor turns it into body + headers. */
export class Served<T> {
  constructor(
    readonly result: T,
    readonly servedBy: ServedBy,
    readonly route: Route,
  ) {}

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

/** Answers a returned Served<T> as T with the routing headers: controllers never touch the reply. */
@Injectable()
export class ServedByInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value: unknown) => {
        if (!(value instanceof Served)) return value;
        const served = value as Served<unknown>;
        const reply = context.switchToHttp().getResponse<FastifyReply>();
        reply.header('X-Served-By', served.servedBy);
        reply.header('X-Routing-Reason', served.route.reason);
        if (served.route.replica !== undefined)
          reply.header('X-Served-By-Replica', served.route.replica);
        return served.result;
      }),
    );
  }
}
