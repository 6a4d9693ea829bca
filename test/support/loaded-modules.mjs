// Preloaded (`node --import ./test/support/loaded-modules.mjs main.js`) by the tests that check
// which modules a process loads: every module URL the ESM loader resolves (reported by the hook in
// loaded-modules-hook.mjs) and every file in the CommonJS cache, written as JSON to
// $LOADED_MODULES_FILE when the process exits.
import { writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const resolved = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => resolved.add(url));
port1.unref();
register('./loaded-modules-hook.mjs', import.meta.url, {
  data: { port: port2 },
  transferList: [port2],
});

process.on('exit', () => {
  const required = Object.keys(createRequire(import.meta.url).cache);
  writeFileSync(
    process.env.LOADED_MODULES_FILE,
    JSON.stringify([...resolved, ...required]),
  );
});
