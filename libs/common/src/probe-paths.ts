/** Health probes and metrics scrapes: every few seconds each, they are left out of the request log and of traces. */
const PROBE_PATHS = new Set(['/health', '/metrics']);

/** True for a request URL (query string or not) of a probe or a scrape. */
export function isProbePath(url: string | undefined): boolean {
  const path = url ?? '';
  const query = path.indexOf('?');
  return PROBE_PATHS.has(query === -1 ? path : path.slice(0, query));
}
