import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * A handler's result that answers part of itself in headers: a Page (its items as the body, the
 * next page in `Link`), a Served result (the numbers as the body, who computed them in
 * `X-Served-By`...). Controllers return one and never touch the reply; `toReply` sets the headers
 * and gives the body.
 */
export abstract class ReplyShape {
  abstract toReply(request: FastifyRequest, reply: FastifyReply): unknown;
}

/**
 * One Fastify preSerialization hook turns every returned ReplyShape into its body and headers,
 * before the body is serialized. It replaced a Nest interceptor per kind: an interceptor wraps
 * each call in an RxJS pipeline, 3-4 % of the CPU of a list request (bench/PROFILE.md).
 */
export function registerReplyShapes(fastify: FastifyInstance): void {
  fastify.addHook(
    'preSerialization',
    (
      request,
      reply,
      payload: unknown,
      done: (error: null, body: unknown) => void,
    ) => {
      done(
        null,
        payload instanceof ReplyShape
          ? payload.toReply(request, reply)
          : payload,
      );
    },
  );
}
