/** Types of scripts/api-node-flags.mjs (plain JavaScript, read by npm start and the benchmarks). */
export declare const API_NODE_FLAGS: readonly string[];
