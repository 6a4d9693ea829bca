/**
 * The api's entry (`node dist/apps/api/main.js [check|migrate]`): tracing first, then the api.
 * Static imports are linked before any code runs, so the api's modules (Fastify, pg, ioredis...)
 * are imported only after the OpenTelemetry loader hook is registered, or, with
 * OTEL_EXPORTER_OTLP_ENDPOINT unset, without a single OpenTelemetry module loaded.
 */
import { readEnvironment } from '@app/config';
import { startTracingIfConfigured } from '@app/common/tracing.js';

await startTracingIfConfigured('api', readEnvironment());
await import('./api.js');
