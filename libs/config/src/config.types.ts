import type { ResolvedUrl } from './database-url.js';
import type { OTLP_PROTOCOLS, TRACES_SAMPLERS } from './env.schema.js';

export interface AppConfig {
  env: string;
  port: number;
  host: string;
  /** The built admin portal (index.html and assets), served at `/`. */
  portalDir: string;
  corsOrigins: string[];
  logLevel: string;
  requestTimeoutMs: number;
  /** TRUST_PROXY: proxy hops in front whose X-Forwarded-For / -Proto are believed (0: none, Heroku: 1). */
  trustProxy: number;
  dataDir: string;
  /** Page size of the lists when the client sends no `limit` (LIST_DEFAULT_LIMIT). */
  listDefaultLimit: number;
}

export interface AuthConfig {
  /**
   * JWT_SECRET; outside production, when unset, generated once into DATA_DIR on first read
   * (a getter: only a process that signs tokens touches the file).
   */
  readonly jwtSecret: string;
  /** Lifetime of an access token, seconds (JWT_EXPIRES_IN, default 15 min). */
  jwtExpiresIn: number;
  /** Lifetime of a refresh token, seconds; each refresh starts a new one (REFRESH_TOKEN_TTL_SECONDS, default 30 days). */
  refreshTokenTtlSeconds: number;
  throttleLimit: number;
  throttleTtlMs: number;
  /** Failed sign-ins per username, from any address, before 429 (LOGIN_FAILURE_LIMIT, default 10)... */
  loginFailureLimit: number;
  /** ...within this window, seconds (LOGIN_FAILURE_WINDOW_SECONDS, default 15 min). */
  loginFailureWindowSeconds: number;
}

export type DbRouting = 'explicit' | 'replication';

export interface DatabaseConfig {
  /** DATABASE_URL or the one HEROKU_POSTGRESQL_<COLOR>_URL; null when none is set (npm start's launcher provides one). */
  primary: ResolvedUrl | null;
  analyticsUrls: string[];
  routing: DbRouting;
  poolMax: number;
  analyticsPoolMax: number;
  statementTimeoutMs: number;
  connectTimeoutMs: number;
  forceSsl: boolean;
  seed: boolean;
  /** CAUSAL_READS (default true): record each organization's write positions and read only from followers that replayed them. */
  causalReads: boolean;
  /** CAUSAL_WAIT_MS (default 50): the longest an analytics read waits for a follower to catch up before the leader answers. */
  causalWaitMs: number;
  /** REPLICA_MAX_LAG_MS (default 5000): the lag breaker's limit. */
  replicaMaxLagMs: number;
  /** REPLICA_STATUS_INTERVAL_MS (default 200): how often the WAL positions of the leader and each follower are read. */
  replicaStatusIntervalMs: number;
  /** EMBEDDED_FOLLOWERS (default 1): followers npm start's embedded cluster runs. */
  embeddedFollowers: number;
  /** REDIS_URL: where write positions are shared between processes (memory of this process without it). */
  redisUrl: string | undefined;
  redisTlsRejectUnauthorized: boolean;
}

export interface JobsConfig {
  /** REDIS_URL; undefined -> the api runs jobs in-process on pg-boss, state in the primary's `pgSchema`. */
  redisUrl: string | undefined;
  /** REDIS_TLS_REJECT_UNAUTHORIZED: verify the rediss:// certificate (Heroku's is self-signed: false). */
  redisTlsRejectUnauthorized: boolean;
  /** Key prefix of every BullMQ key (JOBS_PREFIX, default "bull"). */
  prefix: string;
  /** Without Redis: the PostgreSQL schema pg-boss keeps its tables in, on the primary (JOBS_PG_SCHEMA, default "pgboss"). */
  pgSchema: string;
  /** Per queue (libs/jobs QUEUE_NAMES). */
  concurrency: { critical: number; default: number; low: number };
  attempts: number;
  backoffMs: number;
  /** Cron pattern (UTC) of the "refresh today for every organization" job, or null when off. */
  schedule: string | null;
  workerPort: number;
  /** BullMQ: a running job's lock, renewed while it runs. pg-boss (no renewal): how long a job may stay active. */
  lockDurationMs: number;
  /** BullMQ: the stalled-job check. pg-boss: its maintenance (expiry of dead jobs, retention). */
  stalledIntervalMs: number;
  maxStalledCount: number;
  /** How long SIGTERM waits for in-flight jobs before leaving them to stalled-job recovery. */
  shutdownGraceMs: number;
  /** In-process mode (pg-boss): how often an idle queue looks for due jobs (waiting, delayed, retried). */
  pollIntervalMs: number;
  /** JOBS_WORKER_IN_API=true (npm start's default): with REDIS_URL, the api also processes the queues. */
  workerInApi: boolean;
}

/** /metrics of the api and of the worker: who may read it, and where. */
export interface MetricsConfig {
  /** METRICS_TOKEN: when set, /metrics answers only `Authorization: Bearer <token>` (else 401). */
  token: string | undefined;
  /** METRICS_PORT: when set, /metrics is served on a listener of its own there, and 404 on the public port. */
  port: number | undefined;
}

/** Traces (OpenTelemetry): `endpoint` undefined means off, and no OpenTelemetry module is loaded. */
export interface TracingConfig {
  /** OTEL_EXPORTER_OTLP_ENDPOINT: OTLP/HTTP base URL; spans are sent to `<endpoint>/v1/traces`. */
  endpoint: string | undefined;
  /** OTEL_EXPORTER_OTLP_PROTOCOL (default http/protobuf). */
  protocol: (typeof OTLP_PROTOCOLS)[number];
  /** OTEL_SERVICE_NAME; undefined: the process's own name (`api`, `worker`). */
  serviceName: string | undefined;
  /** OTEL_TRACES_SAMPLER (default parentbased_always_on) and its ratio OTEL_TRACES_SAMPLER_ARG (default 1). */
  sampler: (typeof TRACES_SAMPLERS)[number];
  samplerRatio: number;
}

export interface WorkerAppConfig {
  host: string;
  logLevel: string;
}

/** The parsed environment, section by section: the shape of ConfigService<AllConfig, true>. */
export interface AllConfig {
  app: AppConfig;
  auth: AuthConfig;
  database: DatabaseConfig;
  jobs: JobsConfig;
  metrics: MetricsConfig;
  tracing: TracingConfig;
  worker: WorkerAppConfig;
}
