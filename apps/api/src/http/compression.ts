import { constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** Responses smaller than this are sent as they are: a small body gains little and would pay the CPU. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

/**
 * Brotli quality 3 and gzip level 1, for dynamic responses. Measured here on a JSON list of 1,000
 * customers (145 KB): brotli 11 (zlib's default) takes ~16 ms for 50 rows alone; brotli 3 gives
 * about 7 KB in ~0.8 ms, brotli 4 (@fastify/compress's default) about 8 KB in ~1.3 ms; gzip 1
 * (nginx's default level) about 15 KB in ~0.7 ms against 14.4 KB in ~1.9 ms at zlib's level 6.
 * The portal's files are compressed at the highest levels once, at build time (precompress.mjs).
 */
export const BROTLI_QUALITY = 3;
export const GZIP_LEVEL = 1;

/**
 * Bodies up to this size are compressed in one synchronous call, larger ones through a zlib stream
 * on libuv's threadpool (@fastify/compress's default bound: 8 KB on two cores). Measured here with
 * the 145 KB list, 16 connections, one Fastify process: the stream path answered 241 br / 431 gzip
 * req/s, the one-call path 701 / 739 (plain: 1,069-1,363): a brotli stream per response costs more
 * than the compression itself, and on two shared cores there is no idle core for the threadpool to
 * use. Every JSON body this API sends (at most 1,000 rows) is under 1 MiB; a synchronous call
 * holds the event loop about as long as serialising that body did (~1 ms per 150 KB).
 */
export const SYNC_COMPRESSION_MAX_BYTES = 1024 * 1024;

/**
 * Compresses responses of at least 1 KB with brotli or gzip, whichever the request's
 * Accept-Encoding prefers (q-values honoured; `*` means gzip); a request without Accept-Encoding,
 * or with only `identity`/`deflate`/`zstd`, gets the plain body. Registered before every route
 * (the plugin adds its hook as routes are declared): the API's JSON, the Swagger UI's files,
 * /metrics (the token guard answers before any body exists) and any portal file that has no
 * precompressed variant; files with one are sent as they are (@fastify/static sets their
 * Content-Encoding, which this plugin leaves alone).
 *
 * - Request bodies are not decompressed (`globalDecompression: false`): a compressed upload
 *   would pass the 1 MB body limit at a fraction of its size; JSON bodies stay plain, as before.
 * - A body compressed in one call (up to {@link SYNC_COMPRESSION_MAX_BYTES}) keeps an exact
 *   Content-Length; a larger one, and any stream (a file without a precompressed variant, the
 *   Swagger UI's), is compressed on the way out, with chunked transfer encoding.
 * - BREACH (a compressed response's length tells how much of an attacker's input matches a secret
 *   in the same body, over many requests) needs a secret that the victim's browser sends by
 *   itself (a cookie) and a response that puts a lasting secret next to text the attacker chose.
 *   This API authenticates with a Bearer token in a header that the client's code sets: no
 *   cookies, no CSRF tokens in bodies, no response echoes a credential. Tokens appear in bodies
 *   only in the sign-in and refresh responses, a new one in each. A route that ever mixes a
 *   lasting secret with reflected input must set `compress: false`.
 */
export async function registerCompression(
  app: NestFastifyApplication,
): Promise<void> {
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    threshold: COMPRESSION_THRESHOLD_BYTES,
    syncThreshold: SYNC_COMPRESSION_MAX_BYTES,
    encodings: ['br', 'gzip'],
    brotliOptions: {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    },
    zlibOptions: { level: GZIP_LEVEL },
  });
}
