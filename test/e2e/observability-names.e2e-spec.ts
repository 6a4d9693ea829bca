import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { readRootFile } from '../deploy/deploy-support.js';
import { newAccount, newCustomer } from '../support/factories.js';
import { Http, signUp } from '../support/http.js';
import { redisTestEnv, removePrefix, uniquePrefix } from '../support/redis.js';
import { stopAll } from '../support/stop-all.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { waitFor } from '../support/wait.js';

/** Series Prometheus makes itself (per scrape target), not the app. */
const PROMETHEUS_SERIES = new Set(['up']);
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'inf',
  'nan',
]);
const GROUPING =
  /\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g;

/**
 * The metric names a PromQL expression reads: strings, label matchers, ranges, groupings and
 * Grafana variables removed; what is left that is not a function call or a keyword is a name.
 */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(GROUPING, ' ')
    .replace(/\$\w+/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/([A-Za-z_:][\w:]*)(\s*\()?/g)) {
    const [, name, call] = match;
    if (call || KEYWORDS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}

interface RuleFile {
  groups: { rules: { alert?: string; expr: string }[] }[];
}
interface Dashboard {
  panels: { title: string; targets?: { expr: string }[] }[];
}

/** [where, expression] for every alert rule and every dashboard query. */
function expressions(): [string, string][] {
  const rules = (
    parse(readRootFile('deploy/prometheus/alerts.yml')) as RuleFile
  ).groups.flatMap((group) =>
    group.rules.map((rule): [string, string] => [
      `alert ${rule.alert ?? '?'}`,
      rule.expr,
    ]),
  );
  const dashboard = JSON.parse(
    readRootFile('deploy/grafana/dashboard.json'),
  ) as Dashboard;
  const panels = dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target): [string, string] => [
      `panel "${panel.title}"`,
      target.expr,
    ]),
  );
  return [...rules, ...panels];
}

describe('the names the alert rules and the dashboard use', () => {
  it('are read from PromQL: names, not functions, labels, ranges or groupings', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (job, le) (rate(http_request_duration_seconds_bucket{route!="/x y"}[5m]))) > 1',
      ),
    ).toEqual(['http_request_duration_seconds_bucket']);
    expect(
      metricNames(
        'sum(rate(a_total{s=~"5.."}[$__rate_interval])) / sum without (x) (rate(b_total[5m])) > 0.01 and on (job) up == 0',
      ),
    ).toEqual(['a_total', 'b_total', 'up']);
  });
});

describe('every metric the alert rules and the dashboard use exists on /metrics', () => {
  const prefix = uniquePrefix('names');
  let api: TestApp | undefined;

  beforeAll(async () => {
    // Redis mode, jobs processed in the api: one process exports every family.
    api = await startTestApp({
      ...redisTestEnv(prefix),
      JOBS_WORKER_IN_API: 'true',
    });
  });
  afterAll(async () => {
    await stopAll(api);
    await removePrefix(prefix);
  });

  it('after some traffic: requests, writes, analytics reads and an aggregation job', async () => {
    const http = new Http(api?.baseUrl ?? '');
    const { client } = await signUp(http, 'names');
    const customer = await newCustomer(client, 'N');
    await newAccount(client, customer.id, 'n', 'active');
    expect((await client.get('/api/analytics')).status).toBe(200);
    expect((await client.get('/api/customers/999999999')).status).toBe(404);
    expect((await client.post('/api/jobs/aggregate', {})).status).toBe(202);
    await waitFor('the aggregation job to be timed', async () =>
      /^job_duration_seconds_count\{[^}]*\} [1-9]/m.test(
        (await http.get('/metrics')).text,
      ),
    );
    const text = (await http.get('/metrics')).text;
    const families = new Map(
      [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((match) => [
        match[1],
        match[2],
      ]),
    );
    /** A family's name for a series name: histograms' _bucket/_sum/_count are the histogram's. */
    const familyOf = (name: string) => {
      const base = name.replace(/_(?:bucket|sum|count)$/, '');
      return !families.has(name) && families.get(base) === 'histogram'
        ? base
        : name;
    };

    const used = expressions();
    expect(used.length).toBeGreaterThanOrEqual(25);
    const missing: string[] = [];
    const seen = new Set<string>();
    for (const [where, expr] of used) {
      const names = metricNames(expr);
      expect({ where, names: names.length > 0 }).toEqual({
        where,
        names: true,
      });
      for (const name of names) {
        if (PROMETHEUS_SERIES.has(name)) continue;
        const family = familyOf(name);
        seen.add(family);
        // Exists, and has a sample after this traffic (not only a declaration).
        if (
          !families.has(family) ||
          !new RegExp(`^${name}(?:\\{[^}]*\\})? `, 'm').test(text)
        )
          missing.push(`${name} (${where})`);
      }
    }
    expect(missing).toEqual([]);
    // The families the issue names are all covered by the rules or the dashboard.
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'analytics_rollup_drift',
        'db_pool_connections',
        'db_read_routes_total',
        'db_replica_lag_seconds',
        'db_replica_status',
        'http_request_duration_seconds',
        'http_requests_total',
        'job_duration_seconds',
        'job_queue_jobs',
        'redis_up',
      ]),
    );
  }, 60_000);
});
