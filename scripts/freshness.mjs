// Is a build output older than its sources? Used by `npm start` to rebuild only what changed.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The newest modification time of a file, or of the files under a folder. Only files count: a
 * folder's own mtime changes whenever an entry in it is rewritten, so a generated file (such as
 * the portal's openapi.gen.ts) would otherwise make its parent folders look like new sources.
 */
export function newestMtime(path, ignore = () => false) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return ignore(path) ? 0 : stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (!entry.isFile()) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    if (!ignore(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/** True when `output` is missing or older than the newest of `sources` (files or folders). */
export function isStale(output, sources, ignore = () => false) {
  if (!existsSync(output)) return true;
  return (
    statSync(output).mtimeMs <
    Math.max(0, ...sources.map((source) => newestMtime(source, ignore)))
  );
}
