export * from './config.module.js';
export * from './config.types.js';
export * from './database-url.js';
export * from './env-file.js';
export * from './env.schema.js';
export * from './list-limits.js';
export * from './parse-env.js';
export * from './redis-connection.js';
