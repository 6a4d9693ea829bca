import {
  makeGaugeProvider,
  makeHistogramProvider,
} from '@willsoto/nestjs-prometheus';
import type { Gauge } from 'prom-client';
import { JobQueue } from './job-queue.js';
import { JOB_STATES, QUEUE_NAMES } from './jobs.constants.js';

export const JOB_QUEUE_JOBS = 'job_queue_jobs';
export const JOB_DURATION = 'job_duration_seconds';
export const ROLLUP_DRIFT = 'analytics_rollup_drift';
export const REDIS_UP = 'redis_up';
export const JOB_METRIC_NAMES = [
  JOB_QUEUE_JOBS,
  JOB_DURATION,
  ROLLUP_DRIFT,
  REDIS_UP,
];

/** How long a scrape waits for Redis to answer its PING before it counts as down. */
export const REDIS_UP_TIMEOUT_MS = 1000;

/** The rollups the aggregation job checks: organization totals, per-customer counts, the distribution. */
export const ROLLUP_NAMES = ['totals', 'counts', 'distribution'] as const;
export type RollupName = (typeof ROLLUP_NAMES)[number];

/** job_queue_jobs{queue,state}: read from the backend at each scrape; left empty while it is unreachable. */
export const queueJobsGaugeProvider = makeGaugeProvider({
  name: JOB_QUEUE_JOBS,
  help: 'Jobs per queue and state (waiting, active, delayed, failed, completed)',
  labelNames: ['queue', 'state'],
  inject: [JobQueue],
  async collect(this: Gauge<'queue' | 'state'>, jobs: JobQueue) {
    this.reset();
    try {
      const counts = await jobs.counts();
      for (const queue of QUEUE_NAMES)
        for (const state of JOB_STATES)
          this.set({ queue, state }, counts[queue][state]);
    } catch {
      // Redis (or the primary) down: /health says so; the scrape itself still succeeds.
    }
  },
});

/** job_duration_seconds{queue,name}: observed by the processor for every attempt, successful or not. */
export const jobDurationHistogramProvider = makeHistogramProvider({
  name: JOB_DURATION,
  help: 'Time spent processing a job attempt',
  labelNames: ['queue', 'name'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
});

/**
 * analytics_rollup_drift{rollup}: differences between the rollups and a count of the rows, summed
 * over the latest check of each organization in this process (the check repairs them). Anything but
 * 0 means something wrote around the triggers (or a trigger is wrong): alert on it.
 */
export const rollupDriftGaugeProvider = makeGaugeProvider({
  name: ROLLUP_DRIFT,
  help: 'Differences the aggregation job found (and repaired) between the analytics rollups and a live count, per rollup',
  labelNames: ['rollup'],
});

/**
 * redis_up: 1 when Redis answered a PING within REDIS_UP_TIMEOUT_MS at this scrape, else 0 (the
 * check /health's redis indicator makes). No series without REDIS_URL (jobs run on the primary).
 */
export const redisUpGaugeProvider = makeGaugeProvider({
  name: REDIS_UP,
  help: 'Whether Redis (REDIS_URL: queues, shared write positions) answered a PING at this scrape',
  inject: [JobQueue],
  async collect(this: Gauge, jobs: JobQueue) {
    this.reset();
    if (jobs.mode !== 'redis') return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(new Error('timeout'));
      }, REDIS_UP_TIMEOUT_MS);
    });
    try {
      await Promise.race([jobs.ping(), timeout]);
      this.set(1);
    } catch {
      this.set(0);
    } finally {
      clearTimeout(timer);
    }
  },
});
