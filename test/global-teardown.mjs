export default async function globalTeardown() {
  await globalThis.__TEST_CLUSTER__?.stop();
  globalThis.__TEST_REDIS__?.kill('SIGTERM');
}
