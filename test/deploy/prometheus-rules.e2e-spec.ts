import { beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readRootFile, ROOT, run } from './deploy-support.js';

interface RuleFile {
  groups: { rules: { alert?: string }[] }[];
}
interface RuleTests {
  tests: {
    alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[];
  }[];
}

const RULES_DIR = join(ROOT, 'deploy/prometheus');

const INSTALL =
  "promtool is not installed: apt-get install -y --no-install-recommends prometheus (Debian's package; .ci/run does)";

/**
 * deploy/prometheus/alerts.yml checked by Prometheus's own tool: `promtool check rules` (syntax,
 * PromQL) and `promtool test rules` (each alert against synthetic series, alerts.test.yml).
 */
describe('the Prometheus alert rules', () => {
  beforeAll(async () => {
    const version = await run('promtool', ['--version']).catch(() => ({
      code: -1,
      output: '',
    }));
    if (version.code !== 0) throw new Error(INSTALL);
  });

  it('are valid rules (promtool check rules)', async () => {
    const result = await run('promtool', ['check', 'rules', 'alerts.yml'], {
      cwd: RULES_DIR,
    });
    expect(result.output).toContain('SUCCESS');
    expect(result.code).toBe(0);
  });

  it('pass their unit tests on synthetic series (promtool test rules), one test group per alert at least', async () => {
    const result = await run('promtool', ['test', 'rules', 'alerts.test.yml'], {
      cwd: RULES_DIR,
    });
    expect({ code: result.code, output: result.output }).toEqual({
      code: 0,
      output: expect.stringContaining('SUCCESS'),
    });
  });

  it("docker compose's Prometheus config is valid, with the rules (promtool check config)", async () => {
    // The container's paths, pointed at this checkout and at a token file of the test's own.
    const dir = mkdtempSync(join(tmpdir(), 'prometheus-'));
    try {
      writeFileSync(join(dir, 'metrics-token'), 'a-token-for-the-check-only');
      writeFileSync(
        join(dir, 'prometheus.yml'),
        readRootFile('deploy/prometheus/prometheus.yml')
          .replaceAll('/prometheus/metrics-token', join(dir, 'metrics-token'))
          .replaceAll(
            '/etc/prometheus/alerts.yml',
            join(RULES_DIR, 'alerts.yml'),
          ),
      );
      const result = await run(
        'promtool',
        ['check', 'config', 'prometheus.yml'],
        {
          cwd: dir,
        },
      );
      expect(result.output).toContain('SUCCESS: 1 rule files found');
      expect(result.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('test every alert both ways: firing on some series and quiet on others', () => {
    const alerts = (
      parse(readRootFile('deploy/prometheus/alerts.yml')) as RuleFile
    ).groups.flatMap((group) => group.rules.map((rule) => rule.alert));
    const cases = (
      parse(readRootFile('deploy/prometheus/alerts.test.yml')) as RuleTests
    ).tests.flatMap((test) => test.alert_rule_test ?? []);
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    for (const alert of alerts) {
      const mine = cases.filter((item) => item.alertname === alert);
      expect({
        alert,
        fires: mine.some((item) => item.exp_alerts.length > 0),
        quiet: mine.some((item) => item.exp_alerts.length === 0),
      }).toEqual({ alert, fires: true, quiet: true });
    }
  });
});
