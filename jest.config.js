// NestJS 12 packages are ES modules; Jest on Node 20 runs CommonJS, so tests compile our
// TypeScript to CommonJS (swc) and every ES module in node_modules too
// (test/esm-to-cjs.transformer.cjs; CommonJS files pass through it untouched).

/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
    '^.+\\.m?js$': '<rootDir>/test/esm-to-cjs.transformer.cjs',
  },
  transformIgnorePatterns: [],
  moduleNameMapper: {
    '^@app/config$': '<rootDir>/libs/config/src/index.ts',
    '^@app/config/(.*)$': '<rootDir>/libs/config/src/$1',
    '^@app/database$': '<rootDir>/libs/database/src/index.ts',
    '^@app/database/(.*)$': '<rootDir>/libs/database/src/$1',
    '^@app/jobs$': '<rootDir>/libs/jobs/src/index.ts',
    '^@app/jobs/(.*)$': '<rootDir>/libs/jobs/src/$1',
    '^@app/common$': '<rootDir>/libs/common/src/index.ts',
    '^@app/common/(.*)$': '<rootDir>/libs/common/src/$1',
    '^@app/tracing$': '<rootDir>/libs/tracing/src/index.ts',
    '^@app/tracing/(.*)$': '<rootDir>/libs/tracing/src/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: ['<rootDir>/{apps,libs,test,bench}/**/*.spec.ts', '<rootDir>/{apps,libs,test}/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 30000,
  maxWorkers: 2,
};
