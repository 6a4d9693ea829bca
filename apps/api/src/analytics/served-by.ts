import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, type Observable } from 'rxjs';

/** Which server computed a result: read from pg_is_in_recovery() inside the same statement. */
export type ServedBy = 'follower' | 'leader';

/** A service's answer together with the server that computed it; ServedByInterceptor turns it into body + header. */
export class Served<T> {
  constructor(
    readonly result: T,
    readonly servedBy: ServedBy,
  ) {}

  static from<T>(inRecovery: boolean, result: T): Served<T> {
    return new Served(result, inRecovery ? 'follower' : 'leader');
  }
}

/** Swagger text for the header, shared by every analytics route. */
export const SERVED_BY_HEADER = {
  'X-Served-By': {
    description:
      'follower or leader: which server computed the numbers (pg_is_in_recovery() of that statement)',
    schema: { type: 'string', enum: ['follower', 'leader'] },
  },
};

/** Answers a returned Served<T> as T with `X-Served-By`: controllers never touch the reply. */
@Injectable()
export class ServedByInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      map((value: unknown) => {
        if (!(value instanceof Served)) return value;
        const served = value as Served<unknown>;
        context
          .switchToHttp()
          .getResponse<FastifyReply>()
          .header('X-Served-By', served.servedBy);
        return served.result;
      }),
    );
  }
}
