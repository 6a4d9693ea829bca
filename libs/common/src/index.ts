export * from './domain-errors.js';
export * from './analytics-totals.js';
