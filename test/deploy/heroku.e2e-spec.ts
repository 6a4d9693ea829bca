import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { getMetadataStorage } from 'class-validator';
import {
  connectionSettings,
  EnvironmentVariables,
  parseEnv,
  resolveAnalyticsUrls,
  resolvePrimaryUrl,
} from '@app/config';
import { parse } from 'yaml';
import {
  type DockerStage,
  dockerStages,
  execFormCmd,
  readRootFile,
} from './deploy-support.js';

interface AppJsonEnv {
  value?: string;
  generator?: 'secret';
  required?: boolean;
  description?: string;
}

const appJson = JSON.parse(readRootFile('app.json')) as {
  formation: Record<string, { quantity: number }>;
  addons: { plan: string; as?: string }[];
  env: Record<string, AppJsonEnv>;
  environments?: {
    review?: { addons?: string[]; env?: Record<string, string> };
  };
};
const packageJson = JSON.parse(readRootFile('package.json')) as {
  scripts: Record<string, string>;
  engines: { node: string };
};

/** Procfile process types and their commands. */
const procfile = Object.fromEntries(
  readRootFile('Procfile')
    .split('\n')
    .map((line) => /^([a-z]+):\s*(.+)$/.exec(line.trim()))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => [match[1], match[2]]),
);

function validatedProperties(target: new () => object): string[] {
  return [
    ...new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(target, '', true, false)
        .map((meta) => meta.propertyName),
    ),
  ];
}

/** Variables set by the add-ons (attachment name + _URL): the database URL resolution reads these. */
const ADDON_VARIABLES = ['DATABASE_URL', 'REDIS_URL'];
/** Read by libs/config/src/database-url.ts, outside the validated schema (URLs, resolved there). */
const DATABASE_URL_VARIABLES = ['DATABASE_URL', 'ANALYTICS_DB_URL'];

/** What the Heroku app's environment is after creation: app.json's values, a generated secret, the add-ons' URLs. */
function herokuEnvironment(): Record<string, string> {
  const env: Record<string, string> = {
    DATABASE_URL:
      'postgres://user:password@ec2-0-0-0-0.compute-1.amazonaws.com:5432/d0',
    REDIS_URL: 'rediss://:password@ec2-0-0-0-0.compute-1.amazonaws.com:6380',
  };
  for (const [name, spec] of Object.entries(appJson.env)) {
    if (spec.generator === 'secret')
      env[name] = randomBytes(32).toString('hex'); // Heroku: 64 hex characters
    else if (spec.value !== undefined) env[name] = spec.value;
  }
  return env;
}

/** The image's final stage: the one that runs. */
function lastStage(): DockerStage {
  const last = dockerStages().at(-1);
  if (!last) throw new Error('the Dockerfile has no stage');
  return last;
}

/** app.json (Heroku Button, review apps) against the Procfile, the build scripts and the env schema. */
describe('app.json and the Procfile', () => {
  it('runs the Procfile processes: web and worker dynos, migrations in the release phase', () => {
    expect(Object.keys(procfile).sort()).toEqual(['release', 'web', 'worker']);
    expect(Object.keys(appJson.formation).sort()).toEqual(['web', 'worker']);
    for (const { quantity } of Object.values(appJson.formation))
      expect(quantity).toBeGreaterThanOrEqual(1);
    // The same commands as the image (CMD) and docker-compose.yml's worker.
    expect(procfile.web).toBe(execFormCmd(lastStage())?.join(' '));
    expect(procfile.worker).toBe(
      (
        parse(readRootFile('docker-compose.yml')) as {
          services: Record<string, { command: string[] }>;
        }
      ).services.worker.command.join(' '),
    );
    expect(procfile.release).toBe(`${procfile.web} migrate`);
  });

  it('provisions Postgres and Redis, attached as DATABASE_URL and REDIS_URL', () => {
    const plans = appJson.addons.map((addon) => addon.plan.split(':')[0]);
    expect(plans.sort()).toEqual(['heroku-postgresql', 'heroku-redis']);
    expect(appJson.addons.map((addon) => `${addon.as}_URL`).sort()).toEqual(
      ADDON_VARIABLES,
    );
    expect(
      appJson.environments?.review?.addons
        ?.map((plan) => plan.split(':')[0])
        .sort(),
    ).toEqual(['heroku-postgresql', 'heroku-redis']);
  });

  it('sets only variables the processes know, and every variable production requires', () => {
    const known = new Set([
      ...validatedProperties(EnvironmentVariables),
      ...DATABASE_URL_VARIABLES,
    ]);
    expect(known.has('JWT_SECRET') && known.has('REDIS_URL')).toBe(true);
    const setByAppJson = [
      ...Object.keys(appJson.env),
      ...Object.keys(appJson.environments?.review?.env ?? {}),
    ];
    expect(setByAppJson.filter((name) => !known.has(name))).toEqual([]);
    // The add-ons own their URLs (Heroku rotates credentials): app.json must not pin them.
    expect(
      setByAppJson.filter(
        (name) =>
          ADDON_VARIABLES.includes(name) ||
          name.startsWith('HEROKU_POSTGRESQL_'),
      ),
    ).toEqual([]);

    // Required in production: whatever the validation rejects when only NODE_ENV=production is set.
    let message = '';
    try {
      parseEnv({ NODE_ENV: 'production' });
    } catch (error) {
      message = (error as Error).message;
    }
    const required = [...message.matchAll(/^\s+([A-Z0-9_]+):/gm)].map(
      (match) => match[1],
    );
    expect(required).toContain('JWT_SECRET');
    for (const name of required) {
      const spec = appJson.env[name];
      expect({
        name,
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a name app.json leaves out is undefined
        provided: spec?.generator === 'secret' || spec?.value !== undefined,
      }).toEqual({ name, provided: true });
    }
    expect(appJson.env.JWT_SECRET).toMatchObject({ generator: 'secret' });
    expect(appJson.env.TRUST_PROXY).toMatchObject({ value: '1' });
  });

  it('gives an environment that passes start-up validation and resolves the leader from the add-on', () => {
    const env = herokuEnvironment();
    expect(() => parseEnv(env)).not.toThrow();
    expect(() =>
      parseEnv({ ...env, ...appJson.environments?.review?.env }),
    ).not.toThrow();
    expect(resolvePrimaryUrl(env)).toEqual({
      url: env.DATABASE_URL,
      source: 'DATABASE_URL',
    });
    expect(resolveAnalyticsUrls(env)).toEqual([]); // until a follower is added (README, Heroku)
    expect(
      connectionSettings(env.DATABASE_URL, env.DATABASE_SSL === 'true').ssl,
    ).toEqual({ rejectUnauthorized: false });
  });

  it('builds the api, the worker and the portal in heroku-postbuild', () => {
    const expand = (script: string): string =>
      script.replace(
        /npm run ([\w:-]+)\b(?! --prefix)/g,
        (_, name: string) =>
          `(${expand(packageJson.scripts[name] ?? `<missing ${name}>`)})`,
      );
    const build = expand(packageJson.scripts['heroku-postbuild']);
    expect(build).toContain('nest build api');
    expect(build).toContain('nest build worker');
    expect(build).toContain('npm run build --prefix frontend');
  });

  it("declares the Node lines that .ci/run tests, including the image's and this one", () => {
    const majors = packageJson.engines.node
      .split('||')
      .map((range) => Number(/\^?(\d+)\./.exec(range.trim())?.[1]));
    expect(majors).toEqual([20, 24]);
    expect(majors).toContain(Number(process.versions.node.split('.')[0]));
    const imageMajor = Number(/^node:(\d+)/.exec(lastStage().from)?.[1]);
    expect(majors).toContain(imageMajor);
    expect(readRootFile('.ci/run')).toMatch(/node@24\b/);
  });
});
