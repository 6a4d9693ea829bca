import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { precompress } from '../../scripts/precompress.mjs';

/** The portal's postbuild: .br and .gz beside each text file of the build, never beside the rest. */
describe('precompress (the portal build step)', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  const script = 'function f(n){return n+1}\n'.repeat(200);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'precompress-'));
    mkdirSync(join(dir, 'media'));
    writeFileSync(file('main-ABCD1234.js'), script);
    writeFileSync(file('styles-ABCD1234.css'), 'body{margin:0}\n'.repeat(100));
    writeFileSync(
      file('index.html'),
      `<!doctype html>${'<p>x</p>'.repeat(50)}`,
    );
    writeFileSync(file('media/logo.svg'), `<svg>${'<g/>'.repeat(100)}</svg>`);
    writeFileSync(file('media/photo.png'), Buffer.alloc(4096, 7));
    writeFileSync(file('tiny.txt'), 'a');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes brotli and gzip variants that decode to the same bytes, in every folder', async () => {
    await precompress(dir);
    for (const name of [
      'main-ABCD1234.js',
      'styles-ABCD1234.css',
      'index.html',
      'media/logo.svg',
    ]) {
      const original = readFileSync(file(name));
      const br = readFileSync(file(`${name}.br`));
      const gz = readFileSync(file(`${name}.gz`));
      expect(brotliDecompressSync(br).equals(original)).toBe(true);
      expect(gunzipSync(gz).equals(original)).toBe(true);
      expect(br.length).toBeLessThan(original.length);
      expect(gz.length).toBeLessThan(original.length);
    }
  });

  it('leaves images alone, and writes no variant that would not be smaller (removing an old one)', async () => {
    writeFileSync(file('tiny.txt.gz'), 'left from an older build');
    const results = await precompress(dir);
    expect(existsSync(file('media/photo.png.br'))).toBe(false);
    expect(existsSync(file('media/photo.png.gz'))).toBe(false);
    expect(existsSync(file('tiny.txt.br'))).toBe(false);
    expect(existsSync(file('tiny.txt.gz'))).toBe(false);
    expect(results.map((result) => result.file).sort()).toEqual(
      [
        'index.html',
        'main-ABCD1234.js',
        'media/logo.svg',
        'styles-ABCD1234.css',
        'tiny.txt',
      ].map(file),
    );
  });

  it('can run again over its own output (variants are not compressed again)', async () => {
    await precompress(dir);
    await precompress(dir);
    expect(existsSync(file('main-ABCD1234.js.br.br'))).toBe(false);
    expect(existsSync(file('main-ABCD1234.js.gz.gz'))).toBe(false);
    expect(
      brotliDecompressSync(
        readFileSync(file('main-ABCD1234.js.br')),
      ).toString(),
    ).toBe(script);
  });
});
