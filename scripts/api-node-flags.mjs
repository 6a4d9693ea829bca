// The api process's V8 heap budget: the flags every start command of the api passes to node (the
// Dockerfile's CMD, the Procfile's web and release, `npm start` and `npm run start:prod`, and the
// benchmarks; test/deploy/api-node-flags.spec.ts checks that they agree).
//
// Without them V8 sizes the heap from the machine's memory: on a host without a container memory
// limit it allows gigabytes and lets the old generation grow to several times the live objects
// before a full collection, and keeps 2 x 16 MB of young generation. The api keeps about 50 MB
// live; under load its resident memory climbed from ~160 MB to 250-340 MB of garbage not yet
// collected (bench/PROFILE.md, "Memory").
// - --max-old-space-size=384: a ceiling well above what the api keeps (its largest responses are
//   1,000-row pages); a smaller ceiling also makes V8 grow the heap by a smaller factor after each
//   full collection, which is what bounds the resident memory. Raise it for a larger container.
// - --max-semi-space-size=4: 2 x 4 MB of young generation instead of 2 x 16 MB (24 MB less). Its
//   price, traced under the benchmark's loads: scavenges three times as often (median pause 0.9 ms
//   instead of 1.1), 2.2 s of scavenge pauses in 20 s of load instead of 0.95 s; npm run bench's
//   A-B-B-A comparison of throughput shows no clear cost (bench/PROFILE.md, "Memory").
export const API_NODE_FLAGS = Object.freeze([
  '--max-old-space-size=384',
  '--max-semi-space-size=4',
]);
