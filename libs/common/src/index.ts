export * from './domain-errors.js';
export * from './analytics-totals.js';
export * from './metrics-access.js';
export * from './tracing.js';
export * from './probe-paths.js';
