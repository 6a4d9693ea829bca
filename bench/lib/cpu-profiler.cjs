// Preloaded into the api by bench/profile.mjs (NODE_OPTIONS=--require): the V8 sampling profiler,
// started and stopped by SIGUSR2, so that only the measured load is profiled (not start-up).
// Writes <PROFILE_DIR>/<time>.cpuprofile, readable by Chrome DevTools and bench/lib/profile-summary.mjs.
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
let running = false;

process.on('SIGUSR2', () => {
  if (!running) {
    running = true;
    session.post('Profiler.start');
    return;
  }
  running = false;
  session.post('Profiler.stop', (error, result) => {
    if (error) throw error;
    const dir = process.env.PROFILE_DIR;
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, `${Date.now()}.cpuprofile`),
      JSON.stringify(result.profile),
    );
  });
});
