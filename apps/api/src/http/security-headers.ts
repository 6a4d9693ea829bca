import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

type Headers = Record<string, string>;

// The Swagger UI page needs inline scripts and styles.
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'", "'unsafe-inline'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'validator.swagger.io'],
};

/** The headers helmet sets with these options: helmet runs once here, never per request. */
function helmetHeaders(options: HelmetOptions): Headers {
  const headers: Headers = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      Reflect.deleteProperty(headers, name.toLowerCase());
    },
  };
  helmet(options)(
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- helmet's middleware never reads the request: an empty stand-in, once at boot
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    () => undefined,
  );
  return headers;
}

/** Over TLS: helmet's defaults (HSTS, and a CSP with upgrade-insecure-requests). */
export const TLS_HEADERS: Readonly<Headers> = helmetHeaders({
  contentSecurityPolicy: { directives: DIRECTIVES },
});

/**
 * Over plain HTTP: the same without HSTS and upgrade-insecure-requests. Sent over
 * http://<machine-ip>:3000, those two make the browser fetch every script and style over https,
 * which nothing serves there: the portal and the Swagger UI stay blank (browsers exempt only
 * localhost). HSTS received over plain HTTP is ignored anyway.
 */
export const PLAIN_HEADERS: Readonly<Headers> = helmetHeaders({
  contentSecurityPolicy: {
    directives: { ...DIRECTIVES, upgradeInsecureRequests: null },
  },
  strictTransportSecurity: false,
});

/**
 * Helmet's security headers on every response, chosen by how the request arrived: TLS to this
 * process, or `X-Forwarded-Proto: https` from a trusted proxy (`request.protocol` honours the
 * header only when TRUST_PROXY trusts the hop). Both sets are computed once at start-up, so a
 * request costs one comparison and a header copy (@fastify/helmet would run helmet per request).
 */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.headers(securityHeadersFor(request));
    done();
  });
}

export function securityHeadersFor(request: FastifyRequest): Readonly<Headers> {
  return request.protocol === 'https' ? TLS_HEADERS : PLAIN_HEADERS;
}
