import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStale } from '../../scripts/freshness.mjs';

/** npm start rebuilds the portal only when one of its sources is newer than the build. */
describe('npm start freshness check', () => {
  let root: string;
  const output = () => join(root, 'dist/index.html');
  const generated = () => join(root, 'src/app/core/api/openapi.gen.ts');
  const ignoreGenerated = (file: string) => file.endsWith('openapi.gen.ts');
  const past = new Date(Date.now() - 60_000);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'freshness-'));
    mkdirSync(join(root, 'src/app/core/api'), { recursive: true });
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'src/app/app.ts'), 'export {}');
    writeFileSync(generated(), '// generated');
    for (const path of [
      join(root, 'src/app/app.ts'),
      generated(),
      join(root, 'src/app/core/api'),
      join(root, 'src/app/core'),
      join(root, 'src/app'),
      join(root, 'src'),
    ]) {
      utimesSync(path, past, past);
    }
    writeFileSync(output(), '<html>');
    const built = new Date(past.getTime() + 10_000);
    utimesSync(output(), built, built);
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('is fresh after a build', () => {
    expect(isStale(output(), [join(root, 'src')], ignoreGenerated)).toBe(false);
  });

  it('stays fresh when only the generated API types are rewritten (their folders change mtime)', () => {
    // openapi-typescript rewrites the file on every portal test run: the folders' own mtimes change.
    rmSync(generated());
    writeFileSync(generated(), '// generated again');
    expect(isStale(output(), [join(root, 'src')], ignoreGenerated)).toBe(false);
  });

  it('is stale when a real source changes, or when the build is missing', () => {
    writeFileSync(join(root, 'src/app/app.ts'), 'export const changed = true;');
    expect(isStale(output(), [join(root, 'src')], ignoreGenerated)).toBe(true);
    rmSync(output());
    expect(isStale(output(), [join(root, 'src')], ignoreGenerated)).toBe(true);
  });
});
