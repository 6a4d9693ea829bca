// @ts-check
/**
 * Lint for the backend (apps/, libs/), its tests, scripts and benchmarks: typescript-eslint's
 * strict and stylistic type-checked rules over TypeScript, the non-type-checked strict rules over
 * the plain .mjs/.cjs scripts (no tsconfig covers them). Formatting is Prettier's job
 * (`prettier --check` in `npm run lint`); none of these rule sets touches layout. The portal
 * (frontend/) has its own package.json, TypeScript and config: frontend/eslint.config.mjs.
 */
import eslint from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'coverage/**',
      '.data/**',
      'test-results/**',
      'frontend/**',
      '**/node_modules/**',
    ],
  },
  // TEMPORARY: fixed after the wave-2 merge. The lead removes this entry then; the number after
  // each file is its count of findings when this list was made.
  {
    ignores: [
      // Written on wave-2 branches after this list was made (count of findings at the merge).
      'test/e2e/tenancy-sweep.e2e-spec.ts', // 63
      'test/schematics/tenant-resource.e2e-spec.ts', // 10
      'test/e2e/schema-diff.e2e-spec.ts', // 2
      'test/e2e/config.e2e-spec.ts', // 1
      // Being rewritten on other wave-2 branches right now.
      'apps/api/src/auth/auth.service.ts', // 16
      'apps/api/src/auth/sessions.service.ts', // 26
      'apps/api/src/customers/customers.service.spec.ts', // 10
      'test/e2e/failover.e2e-spec.ts', // 8
      'test/e2e/start.e2e-spec.ts', // 27
      // Owned by portal-lint but not fixed before the wave-2 deadline: most findings are
      // no-unsafe-* from test/support/http.ts's `any` response bodies (type them first).
      'libs/jobs/src/bull-job-queue.ts', // 16
      'scripts/embedded-cluster.ts', // 6
      'test/browser/portal.e2e-spec.ts', // 11
      'test/deploy/compose.e2e-spec.ts', // 12
      'test/deploy/deploy-support.ts', // 5
      'test/deploy/follower-bootstrap.e2e-spec.ts', // 26
      'test/deploy/heroku.e2e-spec.ts', // 7
      'test/deploy/production-layout.e2e-spec.ts', // 13
      'test/deploy/scaling.e2e-spec.ts', // 4
      'test/e2e/accounts.e2e-spec.ts', // 24
      'test/e2e/analytics-charts.e2e-spec.ts', // 15
      'test/e2e/auth.e2e-spec.ts', // 13
      'test/e2e/bad-input.e2e-spec.ts', // 3
      'test/e2e/customers.e2e-spec.ts', // 39
      'test/e2e/fuzz.e2e-spec.ts', // 46
      'test/e2e/http-server-errors.e2e-spec.ts', // 8
      'test/e2e/input-hardening.e2e-spec.ts', // 16
      'test/e2e/jobs-in-process.e2e-spec.ts', // 45
      'test/e2e/jobs-redis-outage.e2e-spec.ts', // 13
      'test/e2e/jobs-redis.e2e-spec.ts', // 34
      'test/e2e/jobs-worker-process.e2e-spec.ts', // 14
      'test/e2e/json-body-limits.e2e-spec.ts', // 4
      'test/e2e/list-limits.e2e-spec.ts', // 5
      'test/e2e/migrations.e2e-spec.ts', // 3
      'test/e2e/observability.e2e-spec.ts', // 9
      'test/e2e/openapi.e2e-spec.ts', // 1
      'test/e2e/paging.e2e-spec.ts', // 4
      'test/e2e/routing.e2e-spec.ts', // 10
      'test/e2e/sessions.e2e-spec.ts', // 67
      'test/e2e/tenancy.e2e-spec.ts', // 2
      'test/e2e/trust-proxy.e2e-spec.ts', // 3
      'test/support/browser.ts', // 2
      'test/support/http.ts', // 12
      'test/support/jobs.ts', // 16
      'test/support/raw-http.ts', // 1
      'test/support/redis.ts', // 2
      'test/support/test-app.ts', // 3
    ],
  },
  eslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mts', '**/*.cts'],
    extends: [
      tseslint.configs.strictTypeChecked,
      tseslint.configs.stylisticTypeChecked,
    ],
    languageOptions: {
      parserOptions: {
        projectService: {
          // bench/*.spec.ts sits outside tsconfig.json's include (the benchmarks are not built).
          allowDefaultProject: ['bench/*.ts'],
          defaultProject: 'tsconfig.json',
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Numbers and booleans in template strings read naturally in log lines and messages.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      // NestJS modules are classes with only decorators by design.
      '@typescript-eslint/no-extraneous-class': [
        'error',
        { allowWithDecorator: true },
      ],
      // `_`-prefixed names mark deliberately unused parameters and destructured leftovers.
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
        },
      ],
    },
  },
  {
    files: ['**/*.mjs', '**/*.cjs', '**/*.js'],
    extends: [tseslint.configs.strict, tseslint.configs.stylistic],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
        },
      ],
    },
  },
  {
    // schematics/ is a CommonJS package (its package.json says so): the Nest CLI require()s it.
    files: ['**/*.cjs', 'schematics/**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
