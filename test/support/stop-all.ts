/** What a suite's beforeAll starts: an app or worker or browser (close), a pg client (end), a server (stop). */
type Started =
  | { close(): Promise<unknown> }
  | { end(): Promise<unknown> }
  | { stop(): Promise<unknown> };

/**
 * Stops what a suite's beforeAll started, one after the other in the order given (the first error
 * is thrown). Each may be unset, because a beforeAll that failed early never assigned the later
 * ones: those are skipped, so the real failure is reported and not a TypeError from afterAll.
 */
export async function stopAll(
  ...started: (Started | undefined)[]
): Promise<void> {
  for (const item of started) {
    if (item === undefined) continue;
    if ('close' in item) await item.close();
    else if ('end' in item) await item.end();
    else await item.stop();
  }
}
