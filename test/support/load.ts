import { createRequire } from 'node:module';

/** The part of autocannon's result the tests read (autocannon ships no types). */
interface AutocannonResult {
  non2xx: number;
  errors: number;
  timeouts: number;
  requests: { total: number };
}
type Autocannon = (
  options: Record<string, unknown>,
  done: (error: Error | null, result: AutocannonResult) => void,
) => unknown;

const autocannon = createRequire(__filename)('autocannon') as Autocannon;

export interface LoadResult {
  non2xx: number;
  errors: number;
  timeouts: number;
  total: number;
}

/** GET `url` with a bearer token from `connections` connections for `durationSeconds` (autocannon, as `npm run bench`). */
export function runLoad(options: {
  url: string;
  token: string;
  connections: number;
  durationSeconds: number;
}): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: options.durationSeconds,
        headers: { authorization: `Bearer ${options.token}` },
      },
      (error, result) => {
        if (error) {
          reject(error);
          return;
        }
        resolve({
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          total: result.requests.total,
        });
      },
    );
  });
}
