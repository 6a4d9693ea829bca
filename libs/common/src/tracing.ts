/**
 * What the code asks of tracing, without OpenTelemetry: with OTEL_EXPORTER_OTLP_ENDPOINT unset
 * (the default) every call below is a no-op and no `@opentelemetry` module is ever loaded. When it
 * is set, the process's entry (apps/{api,worker}/src/main.ts) starts the SDK (libs/tracing) before
 * the app's modules are imported and installs its implementation here with {@link useTracing}.
 */

import { type AllConfig, type Env, parseEnv } from '@app/config';

/** Which server ran a statement, as its database span says: `db.role`, `db.replica`, `db.routing.reason`. */
export interface DbRoute {
  role: 'leader' | 'follower';
  /** The follower's 1-based index in ANALYTICS_DB_URL (the routing metrics' `replica` label). */
  replica?: string;
  /** The ReadRouter's reason (X-Routing-Reason); absent for statements that are not routed reads. */
  reason?: string;
}

/** A database server the process connects to, for the spans of statements outside a routed read. */
export interface DbServer {
  url: string;
  role: DbRoute['role'];
  replica?: string;
}

/** W3C trace context (`traceparent`, `tracestate`) as stored in a job's data. */
export type TraceCarrier = Record<string, string>;

/** A job about to run, for its span. */
export interface JobRun {
  system: 'bullmq' | 'pg-boss';
  queue: string;
  name: string;
  id?: string;
  /** Attempts made before this one. */
  attempt: number;
  /** Where it was enqueued: the span of the job links to it. */
  enqueuedIn?: TraceCarrier;
}

export interface Tracing {
  readonly enabled: boolean;
  /** Runs a routed read's statement with its route known to the database span. */
  routed<T>(route: DbRoute, run: () => Promise<T>): Promise<T>;
  /** The servers of this process (leader and followers by URL): roles of the statements not routed. */
  databases(servers: readonly DbServer[]): void;
  /** The active trace context, to store with a job at enqueue; undefined when there is none. */
  carrier(): TraceCarrier | undefined;
  /** Runs a job in a span of its own, linked to the context it was enqueued in. */
  job<T>(job: JobRun, run: () => Promise<T>): Promise<T>;
  /** `trace_id` and `span_id` of the active span, for the log line being written (pino's mixin). */
  logFields(): Record<string, string>;
  /** One line for the start-up log: where the spans go. */
  readonly summary: string;
  /** Exports what is still buffered and stops (before the process exits). */
  shutdown(): Promise<void>;
}

const OFF: Tracing = {
  enabled: false,
  routed: (_route, run) => run(),
  databases: () => undefined,
  carrier: () => undefined,
  job: (_job, run) => run(),
  logFields: () => ({}),
  summary: 'tracing off (OTEL_EXPORTER_OTLP_ENDPOINT is not set)',
  shutdown: () => Promise.resolve(),
};

let current: Tracing = OFF;

/** The process's tracing: a no-op unless the entry started the SDK. */
export function tracing(): Tracing {
  return current;
}

/** Installed once by the entry when tracing is on (and by tests). */
export function useTracing(implementation: Tracing | undefined): void {
  current = implementation ?? OFF;
}

/**
 * The entries' first step: when the environment sets OTEL_EXPORTER_OTLP_ENDPOINT, loads the SDK
 * (libs/tracing, a dynamic import: nothing of it is loaded otherwise) and installs it. An invalid
 * environment is left to the start-up that follows, which reports it.
 */
export async function startTracingIfConfigured(
  service: 'api' | 'worker',
  env: Env,
): Promise<void> {
  let config: Readonly<AllConfig>;
  try {
    config = parseEnv(env);
  } catch {
    return;
  }
  if (!config.tracing.endpoint) return;
  const { startTracing } = await import('@app/tracing');
  useTracing(await startTracing(config.tracing, service));
}
