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
          allowDefaultProject: ['bench/*.ts', 'bench/lib/*.d.mts'],
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
