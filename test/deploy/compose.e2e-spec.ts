import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { present } from '../support/present.js';
import { readRootFile, ROOT, run } from './deploy-support.js';

const BASE = 'docker-compose.yml';
const TWO_FOLLOWERS = 'docker-compose.two-followers.yml';
const SECRETS = [
  'JWT_SECRET',
  'POSTGRES_PASSWORD',
  'REPLICATION_PASSWORD',
  'METRICS_TOKEN',
];
/** The `observability` profile's services (started only with --profile observability). */
const OBSERVABILITY = ['grafana', 'jaeger', 'prometheus'];

interface Service {
  image?: string;
  profiles?: string[];
  build?: unknown;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
  ports?: ({ target: number; published: number; host_ip?: string } | string)[];
  volumes?: (string | { source: string; target: string })[];
}

/** Volume entries of `docker-compose config` output as { source, target }. */
function mounts(service: Service): { source: string; target: string }[] {
  return (service.volumes ?? []).map((volume) => {
    if (typeof volume !== 'string') return volume;
    const [source, target] = volume.split(':');
    return { source, target };
  });
}

/** A port entry as { host_ip, target }: docker-compose 1.29 keeps `ip:published:target` as a string. */
function portOf(port: NonNullable<Service['ports']>[number]): {
  host_ip?: string;
  target: number;
} {
  if (typeof port !== 'string') return port;
  const match = /^(?:([\d.]+):)?(?:\d+:)?(\d+)(?:\/\w+)?$/.exec(port);
  return {
    host_ip: match?.[1],
    target: Number(match?.[2]),
  };
}

function hosts(urls: string): string[] {
  return urls.split(',').map((url) => new URL(url).hostname);
}

/**
 * docker-compose.yml (and the second-follower override) validated by Debian's docker-compose
 * (`docker-compose config`: no container engine is needed), then checked on the resolved config.
 */
describe('docker-compose.yml', () => {
  let dir: string;
  const secrets: Record<string, string> = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    POSTGRES_PASSWORD: randomBytes(16).toString('hex'),
    REPLICATION_PASSWORD: randomBytes(16).toString('hex'),
    METRICS_TOKEN: randomBytes(32).toString('hex'),
  };
  /** This process's environment without the secrets: only the env file given may provide them. */
  const cleanEnv = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !SECRETS.includes(key)),
  );

  async function compose(
    envFile: Record<string, string>,
    files: string[],
    ...args: string[]
  ) {
    const path = join(dir, `env-${Object.keys(envFile).join('-') || 'none'}`);
    writeFileSync(
      path,
      Object.entries(envFile)
        .map(([key, value]) => `${key}=${value}\n`)
        .join(''),
    );
    return run(
      'docker-compose',
      [
        '--project-directory',
        ROOT,
        '--env-file',
        path,
        ...files.flatMap((file) => ['-f', join(ROOT, file)]),
        ...args,
      ],
      { env: cleanEnv },
    );
  }

  async function resolved(
    files: string[],
    ...options: string[]
  ): Promise<Record<string, Service>> {
    const result = await compose(secrets, files, ...options, 'config');
    expect(result).toMatchObject({ code: 0 });
    return (parse(result.output) as { services: Record<string, Service> })
      .services;
  }

  beforeAll(async () => {
    const version = await run('docker-compose', ['version', '--short']).catch(
      () => ({ code: -1, output: '' }),
    );
    if (version.code !== 0)
      throw new Error(
        'docker-compose is not installed: apt-get install docker-compose (.ci/run does)',
      );
    dir = mkdtempSync(join(tmpdir(), 'compose-'));
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is valid, alone and with the second-follower override (docker-compose config -q)', async () => {
    await expect(
      compose(secrets, [BASE], 'config', '-q'),
    ).resolves.toMatchObject({ code: 0 });
    await expect(
      compose(secrets, [BASE, TWO_FOLLOWERS], 'config', '-q'),
    ).resolves.toMatchObject({ code: 0 });
  });

  it('has no default for any secret: without one in .env it refuses to start, naming it', async () => {
    for (const missing of SECRETS) {
      const partial = Object.fromEntries(
        Object.entries(secrets).filter(([key]) => key !== missing),
      );
      const result = await compose(partial, [BASE], 'config', '-q');
      expect({ missing, code: result.code }).toEqual({ missing, code: 1 });
      expect(result.output).toContain(`set ${missing}`);
    }
  });

  it('runs the leader, a streaming follower, redis, the api and the worker, each health-checked, started in order', async () => {
    const all = await resolved([BASE]);
    // Debian's docker-compose (1.29) lists profiled services too; `up` without a profile starts
    // only the services that have none.
    const services = Object.fromEntries(
      Object.entries(all).filter(([, service]) => !service.profiles?.length),
    );
    expect(Object.keys(services).sort()).toEqual([
      'api',
      'postgres',
      'postgres-follower',
      'redis',
      'worker',
    ]);
    for (const [name, service] of Object.entries(services)) {
      const checked =
        (service.healthcheck?.test?.length ?? 0) > 0 &&
        service.healthcheck?.disable !== true;
      expect({ name, checked }).toEqual({ name, checked: true });
      for (const [dependency, { condition }] of Object.entries(
        service.depends_on ?? {},
      )) {
        expect({ name, dependency, condition }).toEqual({
          name,
          dependency,
          condition: 'service_healthy',
        });
      }
    }
    // Data lives in named volumes.
    for (const [name, target] of [
      ['postgres', '/var/lib/postgresql'],
      ['postgres-follower', '/var/lib/postgresql'],
      ['redis', '/data'],
    ]) {
      expect(mounts(services[name])).toContainEqual({
        source: expect.stringMatching(/^[a-z0-9-]+$/),
        target,
      });
    }

    // The leader: WAL for replication, and the init script that creates the replication role.
    expect(services.postgres.command).toEqual(
      expect.arrayContaining(['wal_level=replica']),
    );
    expect(mounts(services.postgres)).toContainEqual({
      source: join(ROOT, 'deploy/postgres/leader-init.sh'),
      target: expect.stringMatching(/^\/docker-entrypoint-initdb\.d\/.+\.sh$/),
    });
    // The follower runs the repository's bootstrap script (the one follower-bootstrap.e2e-spec.ts runs).
    const follower = services['postgres-follower'];
    const script = mounts(follower).find(
      (mount) =>
        mount.source === join(ROOT, 'deploy/postgres/follower-bootstrap.sh'),
    );
    expect(script).toBeDefined();
    expect(follower.entrypoint).toEqual([
      '/bin/sh',
      present(script, 'the bootstrap script mount').target,
    ]);
    expect(follower.environment).toMatchObject({
      PRIMARY_HOST: 'postgres',
      REPLICATION_SLOT: 'follower_1',
    });
    expect(follower.depends_on).toEqual({
      postgres: { condition: 'service_healthy' },
    });

    for (const name of ['api', 'worker']) {
      const env = present(services[name].environment, `${name}'s environment`);
      expect({
        name,
        JWT_SECRET: env.JWT_SECRET,
        NODE_ENV: env.NODE_ENV,
        METRICS_TOKEN: env.METRICS_TOKEN,
      }).toEqual({
        name,
        JWT_SECRET: secrets.JWT_SECRET,
        NODE_ENV: 'production',
        METRICS_TOKEN: secrets.METRICS_TOKEN,
      });
      expect(hosts(env.DATABASE_URL)).toEqual(['postgres']);
      expect(hosts(env.ANALYTICS_DB_URL)).toEqual(['postgres-follower']);
      expect(new URL(env.REDIS_URL).hostname).toBe('redis');
      expect(
        Object.keys(
          present(services[name].depends_on, `${name}'s depends_on`),
        ).sort(),
      ).toEqual(['postgres', 'postgres-follower', 'redis']);
    }
    expect(services.api.ports).toContainEqual(
      expect.objectContaining({ target: 3000, published: 3000 }),
    );
    expect(services.worker.command).toEqual([
      'node',
      'dist/apps/worker/main.js',
    ]);
    expect(services.api.command).toBeUndefined(); // the image's CMD: node dist/apps/api/main.js
  });

  it('the override adds a second follower with its own slot and volume, and lists both in ANALYTICS_DB_URL', async () => {
    const services = await resolved([BASE, TWO_FOLLOWERS]);
    const second = services['postgres-follower-2'];
    expect(second.entrypoint).toEqual(services['postgres-follower'].entrypoint);
    expect(
      present(second.environment, "the second follower's environment")
        .REPLICATION_SLOT,
    ).not.toBe(
      present(
        services['postgres-follower'].environment,
        "the follower's environment",
      ).REPLICATION_SLOT,
    );
    expect(
      present(
        mounts(second).find((mount) => mount.target === '/var/lib/postgresql'),
        "the second follower's data volume",
      ).source,
    ).not.toBe(
      present(
        mounts(services['postgres-follower']).find(
          (mount) => mount.target === '/var/lib/postgresql',
        ),
        "the follower's data volume",
      ).source,
    );
    for (const name of ['api', 'worker']) {
      expect(
        hosts(
          present(services[name].environment, `${name}'s environment`)
            .ANALYTICS_DB_URL,
        ),
      ).toEqual(['postgres-follower', 'postgres-follower-2']);
      expect(services[name].depends_on).toMatchObject({
        'postgres-follower-2': { condition: 'service_healthy' },
      });
    }
  });

  it('profile observability: Prometheus with the rules and the token, Grafana with the dashboard, Jaeger with OTLP', async () => {
    await expect(
      compose(secrets, [BASE], '--profile', 'observability', 'config', '-q'),
    ).resolves.toMatchObject({ code: 0 });
    const services = await resolved([BASE], '--profile', 'observability');
    expect(
      Object.entries(services)
        .filter(([, service]) => service.profiles?.includes('observability'))
        .map(([name]) => name)
        .sort(),
    ).toEqual(OBSERVABILITY);
    for (const name of OBSERVABILITY) {
      const checked = (services[name].healthcheck?.test?.length ?? 0) > 0;
      expect({ name, checked }).toEqual({ name, checked: true });
      // Published on the machine itself only.
      for (const port of services[name].ports ?? [])
        expect({ name, host: portOf(port).host_ip }).toEqual({
          name,
          host: '127.0.0.1',
        });
    }

    // Prometheus: this repository's config and rules, and the token from .env into the
    // credentials file every scrape job sends.
    const prometheus = services.prometheus;
    expect(mounts(prometheus)).toEqual(
      expect.arrayContaining([
        {
          source: join(ROOT, 'deploy/prometheus/prometheus.yml'),
          target: '/etc/prometheus/prometheus.yml',
        },
        {
          source: join(ROOT, 'deploy/prometheus/alerts.yml'),
          target: '/etc/prometheus/alerts.yml',
        },
      ]),
    );
    expect(prometheus.environment?.METRICS_TOKEN).toBe(secrets.METRICS_TOKEN);
    const config = parse(readRootFile('deploy/prometheus/prometheus.yml')) as {
      rule_files: string[];
      scrape_configs: {
        job_name: string;
        authorization?: { type: string; credentials_file: string };
        static_configs: { targets: string[] }[];
      }[];
    };
    expect(config.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    expect(
      config.scrape_configs.map((job) => [
        job.job_name,
        job.static_configs.flatMap((target) => target.targets),
      ]),
    ).toEqual([
      ['api', ['api:3000']],
      ['worker', ['worker:3001']],
    ]);
    for (const job of config.scrape_configs) {
      const credentials = present(
        job.authorization,
        `${job.job_name}'s authorization`,
      );
      expect(credentials.type).toBe('Bearer');
      expect(
        present(prometheus.command, "prometheus's command").join(' '),
        // `config` prints `$$` (compose's escape): the shell in the container reads $METRICS_TOKEN.
      ).toContain(`"$$METRICS_TOKEN" > ${credentials.credentials_file}`);
    }

    // Grafana: the provisioning files and the dashboard the dashboard provider reads.
    const grafana = mounts(services.grafana);
    expect(grafana).toEqual(
      expect.arrayContaining([
        {
          source: join(ROOT, 'deploy/grafana/provisioning'),
          target: '/etc/grafana/provisioning',
        },
        {
          source: join(ROOT, 'deploy/grafana/dashboard.json'),
          target: '/var/lib/grafana/dashboards/dashboard.json',
        },
      ]),
    );
    const provider = parse(
      readRootFile('deploy/grafana/provisioning/dashboards/dashboards.yml'),
    ) as { providers: { options: { path: string } }[] };
    expect(provider.providers[0].options.path).toBe(
      '/var/lib/grafana/dashboards',
    );
    const datasource = parse(
      readRootFile('deploy/grafana/provisioning/datasources/prometheus.yml'),
    ) as { datasources: { uid: string; url: string }[] };
    expect(datasource.datasources[0]).toMatchObject({
      uid: 'prometheus',
      url: 'http://prometheus:9090',
    });
    const dashboard = JSON.parse(
      readRootFile('deploy/grafana/dashboard.json'),
    ) as {
      panels: { datasource?: { uid: string } }[];
    };
    for (const panel of dashboard.panels.filter((item) => item.datasource))
      expect(panel.datasource?.uid).toBe('prometheus');

    // Jaeger: OTLP (gRPC and HTTP) and its UI.
    expect(services.jaeger.environment?.COLLECTOR_OTLP_ENABLED).toBe('true');
    expect(
      (services.jaeger.ports ?? []).map((port) => portOf(port).target),
    ).toEqual(expect.arrayContaining([4317, 4318, 16686]));
    // Traces: off unless .env names the collector; then the api and the worker export to Jaeger.
    for (const name of ['api', 'worker'])
      expect(services[name].environment?.OTEL_EXPORTER_OTLP_ENDPOINT).toBe('');
    const traced = await compose(
      { ...secrets, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' },
      [BASE],
      '--profile',
      'observability',
      'config',
    );
    expect(traced).toMatchObject({ code: 0 });
    const tracedServices = (
      parse(traced.output) as { services: Record<string, Service> }
    ).services;
    for (const name of ['api', 'worker'])
      expect(
        tracedServices[name].environment?.OTEL_EXPORTER_OTLP_ENDPOINT,
      ).toBe('http://jaeger:4318');
  });

  it('writes no secret into the file itself', () => {
    for (const file of [BASE, TWO_FOLLOWERS]) {
      const text = readRootFile(file);
      for (const secret of SECRETS) {
        for (const match of text.matchAll(
          new RegExp(`\\$\\{${secret}([^}]*)\\}`, 'g'),
        ))
          expect({ file, secret, use: match[1] }).toEqual({
            file,
            secret,
            use: expect.stringMatching(/^:\?/),
          });
        expect(text).not.toMatch(new RegExp(`^\\s*${secret}:\\s*[^$\\s]`, 'm'));
      }
    }
  });
});
