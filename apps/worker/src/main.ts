/**
 * The worker's entry (`node dist/apps/worker/main.js`): tracing first, then the worker (see
 * apps/api/src/main.ts for why the rest is imported dynamically).
 */
import { readEnvironment } from '@app/config';
import { startTracingIfConfigured } from '@app/common/tracing.js';

await startTracingIfConfigured('worker', readEnvironment());
await import('./worker.js');
