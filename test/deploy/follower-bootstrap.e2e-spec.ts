import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parse } from 'yaml';
import { present } from '../support/present.js';
import { waitFor } from '../support/wait.js';
import { freePort, type Running, start } from '../support/processes.js';
import { readRootFile, ROOT, run } from './deploy-support.js';

const LEADER_INIT = join(ROOT, 'deploy/postgres/leader-init.sh');
const FOLLOWER_BOOTSTRAP = join(ROOT, 'deploy/postgres/follower-bootstrap.sh');
const SUPERUSER_PASSWORD = 'superuser-password';
/** Quotes, a backslash and a space: the script must quote it for libpq and postgresql.conf. */
const REPLICATION_PASSWORD = `re'pl \\ pass`;

/** Debian's PostgreSQL server binaries (newest installed major). */
function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base)
    ? readdirSync(base).filter((major) =>
        existsSync(join(base, major, 'bin/pg_basebackup')),
      )
    : [];
  if (majors.length === 0) {
    throw new Error(
      'No PostgreSQL server binaries in /usr/lib/postgresql/*/bin: apt-get install postgresql (.ci/run does)',
    );
  }
  return join(base, majors.sort((a, b) => Number(b) - Number(a))[0], 'bin');
}

const isRoot = process.getuid?.() === 0;
/** initdb and postgres refuse to run as root: as root, run them as the postgres user. */
function asPostgres(command: string, args: string[]): [string, string[]] {
  return isRoot
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
}

/** `-c name=value` pairs of a compose `command`, as server options. */
function serverOptions(command: string[]): string[] {
  return command.filter((arg) => arg !== 'postgres');
}

/**
 * deploy/postgres/follower-bootstrap.sh, the postgres-follower service's entrypoint in
 * docker-compose.yml, run on this machine's PostgreSQL binaries against a leader set up like the
 * compose file's (its WAL settings and deploy/postgres/leader-init.sh).
 */
describe('the follower bootstrap script (docker-compose postgres-follower)', () => {
  const compose = parse(readRootFile('docker-compose.yml')) as {
    services: Record<
      string,
      {
        command: string[];
        environment: Record<string, string>;
        healthcheck: { test: string[] };
      }
    >;
  };
  const bin = postgresBin();
  let dir: string;
  let leaderPort: number;
  let followerPort: number;
  let follower: Running | undefined;
  let leaderDb: pg.Client;

  const followerEnv = (): NodeJS.ProcessEnv => ({
    PATH: `${bin}:${process.env.PATH ?? ''}`,
    HOME: process.env.HOME ?? '/root',
    ...compose.services['postgres-follower'].environment,
    PGDATA: join(dir, 'follower'),
    PRIMARY_HOST: '127.0.0.1',
    PRIMARY_PORT: String(leaderPort),
    REPLICATION_PASSWORD,
    PRIMARY_WAIT_SECONDS: '20',
  });

  /** What a server of this test adds to compose's options: its port, loopback only, its socket in the test directory, no fsync. */
  function localServer(port: number): string[] {
    return [
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-k',
      dir,
      '-c',
      'fsync=off',
    ];
  }

  function startFollower(): Running {
    const options = [
      ...serverOptions(compose.services['postgres-follower'].command),
      ...localServer(followerPort),
    ];
    return start('sh', [FOLLOWER_BOOTSTRAP, ...options], {
      env: followerEnv(),
    });
  }

  async function connect(port: number): Promise<pg.Client> {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      password: SUPERUSER_PASSWORD,
      database: 'postgres',
    });
    await client.connect();
    return client;
  }

  async function followerClient(): Promise<pg.Client> {
    let client: pg.Client | undefined;
    try {
      await waitFor(
        'the follower to accept connections',
        async () => {
          try {
            client = await connect(followerPort);
            return true;
          } catch {
            if (follower?.child.exitCode !== null)
              throw new Error(`the follower exited:\n${follower?.output()}`);
            return false;
          }
        },
        30_000,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${follower?.output()}`, {
        cause: error,
      });
    }
    return present(client, 'a connection to the follower');
  }

  async function pgCtl(dataDir: string, ...args: string[]): Promise<void> {
    const [command, argv] = asPostgres(join(bin, 'pg_ctl'), [
      '-D',
      dataDir,
      ...args,
    ]);
    const result = await run(command, argv);
    if (result.code !== 0)
      throw new Error(`pg_ctl ${args.join(' ')}: ${result.output}`);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'follower-bootstrap-'));
    if (isRoot) {
      const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
      const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
      chownSync(dir, uid, gid);
    }
    [leaderPort, followerPort] = [await freePort(), await freePort()];
    writeFileSync(join(dir, 'pwfile'), SUPERUSER_PASSWORD);
    if (isRoot) execFileSync('chown', ['postgres', join(dir, 'pwfile')]);

    const leader = join(dir, 'leader');
    const [initdb, initdbArgs] = asPostgres(join(bin, 'initdb'), [
      '-D',
      leader,
      '-U',
      'postgres',
      '--pwfile',
      join(dir, 'pwfile'),
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '--no-sync',
    ]);
    const init = await run(initdb, initdbArgs);
    if (init.code !== 0) throw new Error(`initdb: ${init.output}`);
    const leaderOptions = [
      ...serverOptions(compose.services.postgres.command),
      ...localServer(leaderPort),
    ];
    await pgCtl(
      leader,
      '-l',
      join(dir, 'leader.log'),
      '-w',
      '-o',
      leaderOptions.join(' '),
      'start',
    );

    // What the postgres image does with /docker-entrypoint-initdb.d/*.sh: run it as postgres
    // against the new server's socket, then restart (a reload is enough for pg_hba.conf).
    const [sh, shArgs] = asPostgres('sh', [LEADER_INIT]);
    const leaderInit = await run(sh, shArgs, {
      env: {
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        ...compose.services.postgres.environment,
        POSTGRES_USER: 'postgres',
        POSTGRES_DB: 'postgres',
        PGHOST: dir,
        PGPORT: String(leaderPort),
        PGDATA: leader,
        REPLICATION_PASSWORD,
      },
    });
    if (leaderInit.code !== 0)
      throw new Error(`leader-init.sh: ${leaderInit.output}`);
    await pgCtl(leader, 'reload');
    leaderDb = await connect(leaderPort);
    await leaderDb.query(
      'CREATE TABLE replicated (id int PRIMARY KEY, note text)',
    );
  }, 60_000);

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- unset when beforeAll failed before connecting
    await leaderDb?.end();
    for (const name of ['follower', 'leader']) {
      if (existsSync(join(dir, name, 'postmaster.pid')))
        await pgCtl(join(dir, name), '-m', 'immediate', '-w', 'stop').catch(
          () => undefined,
        );
    }
    await follower?.exited;
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  /** Stops the follower the previous test started (a fast shutdown, as `docker compose stop` does). */
  async function stopFollower(): Promise<void> {
    await pgCtl(join(dir, 'follower'), '-m', 'fast', '-w', 'stop');
    await present(follower, 'the follower the previous test started').exited;
  }

  /** The follower's WAL receiver status and the leader's replication slots. */
  async function replication(client: pg.Client) {
    const receiver = await client.query<{ status: string }>(
      'SELECT status FROM pg_stat_wal_receiver',
    );
    const slots = await leaderDb.query(
      'SELECT slot_name, active FROM pg_replication_slots',
    );
    return { receiver: receiver.rows.at(0)?.status, slots: slots.rows };
  }
  const STREAMING_THROUGH_ITS_SLOT = {
    receiver: 'streaming',
    slots: [{ slot_name: 'follower_1', active: true }],
  };

  async function visibleOnFollower(
    client: pg.Client,
    id: number,
  ): Promise<void> {
    await waitFor(
      `row ${id} on the follower`,
      async () =>
        (await client.query('SELECT 1 FROM replicated WHERE id = $1', [id]))
          .rowCount === 1,
      10_000,
    );
  }

  it('bootstraps a hot standby with pg_basebackup through its slot, and it streams what the leader writes', async () => {
    // A bootstrap killed half-way leaves its staging copy behind: the next start starts over.
    mkdirSync(join(dir, 'follower.bootstrap'));
    writeFileSync(join(dir, 'follower.bootstrap/half-copied'), 'x');

    follower = startFollower();
    const client = await followerClient();
    try {
      expect(follower.output()).toContain(
        'copying the leader (pg_basebackup through slot follower_1)',
      );
      expect(
        (await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r'))
          .rows[0].r,
      ).toBe(true);
      expect(existsSync(join(dir, 'follower/standby.signal'))).toBe(true);
      expect(
        readFileSync(join(dir, 'follower/postgresql.auto.conf'), 'utf8'),
      ).toMatch(/^primary_slot_name = 'follower_1'$/m);
      expect(existsSync(join(dir, 'follower.bootstrap'))).toBe(false);

      await leaderDb.query(
        `INSERT INTO replicated VALUES (1, 'before restart')`,
      );
      await visibleOnFollower(client, 1);
      expect(await replication(client)).toEqual(STREAMING_THROUGH_ITS_SLOT);
      await expect(
        client.query(
          `INSERT INTO replicated VALUES (99, 'write on a standby')`,
        ),
      ).rejects.toMatchObject({ code: '25006' });

      // The compose healthcheck's query: true here, false on the leader.
      const healthcheck =
        compose.services['postgres-follower'].healthcheck.test.join(' ');
      const healthSql = present(
        /"([^"]+)"/.exec(healthcheck),
        `a quoted query in the healthcheck ${healthcheck}`,
      )[1];
      expect(
        Object.values(
          (await client.query<Record<string, unknown>>(healthSql)).rows[0],
        ),
      ).toEqual([true]);
      expect(
        Object.values(
          (await leaderDb.query<Record<string, unknown>>(healthSql)).rows[0],
        ),
      ).toEqual([false]);
    } finally {
      await client.end();
    }
  }, 60_000);

  it('restarts on its own data and resumes streaming, including what the leader wrote while it was down', async () => {
    await stopFollower();
    // The slot keeps this WAL on the leader until the follower has it.
    await leaderDb.query(
      `INSERT INTO replicated VALUES (2, 'while the follower was down')`,
    );

    follower = startFollower();
    const client = await followerClient();
    try {
      expect(follower.output()).toContain(
        'already holds a database: starting it',
      );
      expect(follower.output()).not.toContain('pg_basebackup');
      expect(
        (await client.query<{ r: boolean }>('SELECT pg_is_in_recovery() AS r'))
          .rows[0].r,
      ).toBe(true);
      await visibleOnFollower(client, 2);
      await leaderDb.query(
        `INSERT INTO replicated VALUES (3, 'after restart')`,
      );
      await visibleOnFollower(client, 3);
      const rows = await client.query<{ id: number; note: string }>(
        'SELECT id, note FROM replicated ORDER BY id',
      );
      expect(rows.rows.map((row) => row.id)).toEqual([1, 2, 3]);
      expect(await replication(client)).toEqual(STREAMING_THROUGH_ITS_SLOT);
    } finally {
      await client.end();
    }
  }, 60_000);

  it('bootstraps again when its data is lost (its volume deleted), reusing the slot the leader kept', async () => {
    await stopFollower();
    rmSync(join(dir, 'follower'), { recursive: true, force: true });

    follower = startFollower();
    const client = await followerClient();
    try {
      expect(follower.output()).toContain(
        'copying the leader (pg_basebackup through slot follower_1)',
      );
      const rows = await client.query<{ id: number }>(
        'SELECT id FROM replicated ORDER BY id',
      );
      expect(rows.rows.map((row) => row.id)).toEqual([1, 2, 3]);
      await leaderDb.query(
        `INSERT INTO replicated VALUES (4, 'after re-bootstrap')`,
      );
      await visibleOnFollower(client, 4);
      expect(await replication(client)).toEqual(STREAMING_THROUGH_ITS_SLOT);
    } finally {
      await client.end();
    }
  }, 60_000);
});
