/**
 * The OpenTelemetry SDK of the api and the worker. Imported only (dynamically) by
 * startTracingIfConfigured when OTEL_EXPORTER_OTLP_ENDPOINT is set, before the app's own modules:
 * with tracing off nothing here is loaded.
 */
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import { FastifyOtelInstrumentation } from '@fastify/otel';
import {
  context,
  createContextKey,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace-base';
import { createAddHookMessageChannel } from 'import-in-the-middle';
import type { TracingConfig } from '@app/config';
import type {
  DbRoute,
  DbServer,
  JobRun,
  TraceCarrier,
  Tracing,
} from '@app/common';
import { isProbePath } from '@app/common';

/** Attributes of every database span: which server answered, and why the router chose it. */
export const DB_ROLE = 'db.role';
export const DB_REPLICA = 'db.replica';
export const DB_ROUTING_REASON = 'db.routing.reason';

const ROUTE = createContextKey('saas.db-route');

export function samplerOf(config: TracingConfig): Sampler {
  const ratio = new TraceIdRatioBasedSampler(config.samplerRatio);
  switch (config.sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio;
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio });
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

/** host:port/database, as pg reports a connection to the request hook. */
function serverKey(
  host: string | undefined,
  port: number | string | undefined,
  database: string | undefined,
): string {
  return `${host ?? ''}:${String(port ?? 5432)}/${database ?? ''}`;
}

function keyOfUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return serverKey(
      decodeURIComponent(parsed.hostname).replace(/^\[|\]$/g, ''),
      parsed.port || 5432,
      decodeURIComponent(parsed.pathname.slice(1)),
    );
  } catch {
    return undefined;
  }
}

function setRoute(span: Span, route: DbRoute): void {
  span.setAttribute(DB_ROLE, route.role);
  if (route.replica !== undefined) span.setAttribute(DB_REPLICA, route.replica);
  if (route.reason !== undefined)
    span.setAttribute(DB_ROUTING_REASON, route.reason);
}

/**
 * Starts the SDK (traces only: no metrics or logs pipeline, /metrics stays Prometheus) with the
 * http, Fastify, pg and ioredis instrumentations, and returns what the app's code calls.
 *
 * ESM: the bundles import pg, ioredis, fastify... with `import`; the loader hook
 * (import-in-the-middle) must be registered before those imports are resolved, so the entry calls
 * this before it imports the app. Only the modules an instrumentation asks for are wrapped.
 */
export async function startTracing(
  config: TracingConfig,
  service: string,
): Promise<Tracing> {
  const endpoint = config.endpoint;
  if (!endpoint) throw new Error('startTracing without an endpoint');
  const { registerOptions, waitForAllMessagesAcknowledged } =
    createAddHookMessageChannel();
  // Resolved from the entry that runs (dist/apps/*/main.js): the bundler writes import.meta.url
  // as the source file's path at build time, which need not exist where the bundle runs.
  register(
    '@opentelemetry/instrumentation/hook.mjs',
    pathToFileURL(process.argv[1] ?? `${process.cwd()}/`),
    registerOptions,
  );

  const servers = new Map<string, DbRoute>();
  const url = `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  const exporter =
    config.protocol === 'http/json'
      ? new OtlpJsonExporter({ url })
      : new OtlpProtobufExporter({ url });
  const sdk = new NodeSDK({
    serviceName: config.serviceName ?? service,
    sampler: samplerOf(config),
    // OTEL_BSP_* (batch size, delay) are read from the environment by the processor.
    spanProcessors: [new BatchSpanProcessor(exporter)],
    // Traces only: the SDK would otherwise start OTLP metrics and logs exporters too.
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would bury the traces that matter.
        ignoreIncomingRequestHook: (request) => isProbePath(request.url),
      }),
      // Fastify 5: @fastify/otel, the Fastify team's (@opentelemetry/instrumentation-fastify is
      // deprecated: on this Fastify 5 it produced no span and no http.route at all). It registers
      // itself on every Fastify instance created (diagnostics channel): no module patching. A
      // request span and a handler span per request (with the route); no span per hook.
      new FastifyOtelInstrumentation({
        registerOnInitialization: true,
        instrumentHooks: false,
        ignorePaths: (route: { url: string }) => isProbePath(route.url),
      }),
      new PgInstrumentation({
        // The routers' status reads (every REPLICA_STATUS_INTERVAL_MS) and pg-boss's polling run
        // outside any request or job: no root span each.
        requireParentSpan: true,
        // A span per pool checkout (pg-pool.connect) doubled the database spans of every request
        // and says nothing the statement span does not: a wait for the pool shows as the gap
        // before the statement, and as db_pool_waiting on /metrics.
        ignoreConnectSpans: true,
        requestHook: (span, { connection }) => {
          const route =
            (context.active().getValue(ROUTE) as DbRoute | undefined) ??
            servers.get(
              serverKey(connection.host, connection.port, connection.database),
            );
          if (route) setRoute(span, route);
        },
      }),
      new IORedisInstrumentation({
        requireParentSpan: true,
        // The command and its key only: a job's payload is an argument of BullMQ's scripts.
        dbStatementSerializer: (command, args) =>
          typeof args[0] === 'string' && !command.startsWith('eval')
            ? `${command} ${args[0]}`
            : command,
      }),
    ],
  });
  sdk.start();
  await waitForAllMessagesAcknowledged();

  const tracer = trace.getTracer('saas-leader-follower');
  return {
    enabled: true,
    routed: (route, run) =>
      context.with(context.active().setValue(ROUTE, route), run),
    databases: (list: readonly DbServer[]) => {
      for (const server of list) {
        const key = keyOfUrl(server.url);
        if (key)
          servers.set(key, {
            role: server.role,
            ...(server.replica !== undefined && { replica: server.replica }),
          });
      }
    },
    carrier: () => {
      const carrier: TraceCarrier = {};
      propagation.inject(context.active(), carrier);
      return carrier.traceparent ? carrier : undefined;
    },
    job: <T>(job: JobRun, run: () => Promise<T>) => {
      const enqueuedIn = job.enqueuedIn
        ? trace.getSpanContext(
            propagation.extract(ROOT_CONTEXT, job.enqueuedIn),
          )
        : undefined;
      return tracer.startActiveSpan(
        `process ${job.queue}`,
        {
          kind: SpanKind.CONSUMER,
          root: true,
          links: enqueuedIn ? [{ context: enqueuedIn }] : [],
          attributes: {
            'messaging.system': job.system,
            'messaging.operation.type': 'process',
            'messaging.destination.name': job.queue,
            ...(job.id !== undefined && { 'messaging.message.id': job.id }),
            'job.name': job.name,
            'job.attempt': job.attempt + 1,
          },
        },
        ROOT_CONTEXT,
        async (span) => {
          try {
            return await run();
          } catch (error) {
            span.recordException(error as Error);
            span.setStatus({
              code: SpanStatusCode.ERROR,
              message: (error as Error).message,
            });
            throw error;
          } finally {
            span.end();
          }
        },
      );
    },
    logFields: (): Record<string, string> => {
      const span = trace.getSpan(context.active());
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { trace_id: traceId, span_id: spanId };
    },
    summary: `traces to ${url} (${config.protocol}) as service "${config.serviceName ?? service}", sampler ${config.sampler}${config.sampler.endsWith('traceidratio') ? ` ${config.samplerRatio}` : ''}`,
    shutdown: () => sdk.shutdown(),
  };
}
