#!/usr/bin/env node
// `node scripts/precompress.mjs <dir>`: writes `<file>.br` and `<file>.gz` next to every text file
// of a build (the portal's, after `ng build`: frontend's postbuild), at the highest levels (brotli
// 11, gzip 9): paid once at build time, then @fastify/static (`preCompressed: true`) sends the
// variant the request's Accept-Encoding asks for, with no compression per request.
import { constants, brotliCompress, gzip } from 'node:zlib';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Files worth compressing: text, and the uncompressed icon format. Images and fonts are compressed already. */
export const TEXT_EXTENSIONS = new Set([
  '.html',
  '.js',
  '.mjs',
  '.css',
  '.svg',
  '.json',
  '.webmanifest',
  '.txt',
  '.xml',
  '.map',
  '.ico',
]);

/** The compressed variants and how each is made from a file's bytes. */
const VARIANTS = [
  [
    '.br',
    (bytes, binary) =>
      brotli(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: binary
            ? constants.BROTLI_MODE_GENERIC
            : constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
  ],
  ['.gz', (bytes) => gzipAsync(bytes, { level: constants.Z_BEST_COMPRESSION })],
];

/**
 * Writes the variants of every text file under `dir` (recursively). A variant that would not be
 * smaller than its file is not written (and an older one is removed): the server then sends the
 * file itself. Returns what it did, per file, for the build log and the tests.
 */
export async function precompress(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter(
      (entry) =>
        entry.isFile() &&
        TEXT_EXTENSIONS.has(extname(entry.name).toLowerCase()),
    )
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name));
  return Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file);
      const sizes = { file, size: bytes.length };
      for (const [suffix, compress] of VARIANTS) {
        const compressed = await compress(bytes, file.endsWith('.ico'));
        if (compressed.length < bytes.length) {
          await writeFile(`${file}${suffix}`, compressed);
          sizes[suffix] = compressed.length;
        } else {
          await rm(`${file}${suffix}`, { force: true });
        }
      }
      return sizes;
    }),
  );
}

/** The command line: one directory, one summary line. */
async function main(dir) {
  if (!dir) {
    console.error('usage: node scripts/precompress.mjs <build directory>');
    process.exit(2);
  }
  const results = await precompress(dir);
  const total = (key) =>
    results.reduce((sum, result) => sum + (result[key] ?? result.size), 0);
  const kb = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;
  console.log(
    `precompressed ${results.length} files in ${dir}: ${kb(total('size'))} -> brotli ${kb(total('.br'))}, gzip ${kb(total('.gz'))}`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main(process.argv[2]).catch((error) => {
    console.error(`precompress failed: ${error.message}`);
    process.exit(1);
  });
