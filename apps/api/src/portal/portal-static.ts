import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Paths the API owns: the portal never answers for them, not even with its index.html. */
const API_PREFIXES = ['/api', '/health', '/metrics', '/swagger'];

const ownedByApi = (path: string) =>
  API_PREFIXES.some(
    (prefix) =>
      path === prefix ||
      path.startsWith(`${prefix}/`) ||
      path.startsWith(`${prefix}-`),
  );
const acceptsHtml = (request: FastifyRequest) =>
  (request.headers.accept ?? '').includes('text/html');
/**
 * Build outputs with a content hash in their name (main-ABCD1234.js) never change: cache them for
 * a year. Their precompressed variants (main-ABCD1234.js.br, .gz) too.
 */
const HASHED_FILE = /-[A-Z0-9]{8,}\.(js|css|woff2?|ttf|svg|png)(\.br|\.gz)?$/;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Admin portal not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>The admin portal is not built</h1>
<p>Run <code>npm run build:portal</code> (or <code>npm start</code>, which builds it when needed), then reload.</p>
<p>The API is up: <a href="/swagger">API docs</a> · <a href="/health">health</a> · <a href="/metrics">metrics</a></p>
</body></html>
`;

/**
 * Serves the built admin portal at `/`, and its index.html for any other GET that asks for HTML
 * outside the API's own paths (the Angular router then shows the page: /customers/5 on reload).
 * Everything else, /api/nope included, still reaches Nest's JSON 404. Without a build, `/`
 * answers a short page saying how to build it.
 *
 * The build writes `.br` and `.gz` next to each text file (scripts/precompress.mjs, the portal's
 * postbuild): `preCompressed` sends the one the request's Accept-Encoding prefers (brotli, then
 * gzip, else the file itself), index.html for client routes included, always with
 * `Vary: Accept-Encoding`. The variants are not routes of their own (`globIgnore`).
 */
export async function servePortal(
  app: NestFastifyApplication,
  root: string,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  if (!existsSync(join(root, 'index.html'))) {
    fastify.get('/', (_request, reply) =>
      reply.code(200).type('text/html; charset=utf-8').send(NOT_BUILT_PAGE),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false, // one route per built file; the SPA fallback below handles the rest
    globIgnore: ['**/*.br', '**/*.gz'],
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply, path) => {
      reply.header(
        'Cache-Control',
        HASHED_FILE.test(path)
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      );
    },
  });
  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0];
    if (ownedByApi(path) || !acceptsHtml(request)) {
      reply.callNotFound();
      return reply;
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}
