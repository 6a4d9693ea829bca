import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ANALYTICS, PRIMARY } from './database.constants.js';
import { isConnectionError, isRecoveryConflict } from './database-errors.js';

/** How analytics reads are routed, as reported by /health and the logs. */
export type AnalyticsMode = 'follower' | 'replication' | 'using primary';

const FOLLOWER_RETRY_AFTER_MS = 5_000;

/**
 * Runs read-only analytics work on the follower and falls back to the leader when the follower
 * cannot answer (down, restarting, or cancelling the query for a recovery conflict). After a
 * connection failure the follower is skipped for a few seconds so that requests do not each pay
 * the connect timeout. Only reads may be passed here: a follower refuses writes.
 */
@Injectable()
export class AnalyticsReader {
  private readonly logger = new Logger(AnalyticsReader.name);
  private followerSkippedUntil = 0;

  constructor(
    @InjectDataSource(PRIMARY) private readonly primary: DataSource,
    @InjectDataSource(ANALYTICS) private readonly analytics: DataSource,
  ) {}

  get mode(): AnalyticsMode {
    if (this.analytics !== this.primary) return 'follower';
    const replicas =
      (this.primary.driver as unknown as { slaves?: unknown[] }).slaves ?? [];
    return replicas.length > 0 ? 'replication' : 'using primary';
  }

  async read<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const mode = this.mode;
    if (mode === 'using primary' || Date.now() < this.followerSkippedUntil) {
      return work(this.primary.manager);
    }
    try {
      return await this.onFollower(mode, work);
    } catch (error) {
      if (isConnectionError(error)) {
        this.followerSkippedUntil = Date.now() + FOLLOWER_RETRY_AFTER_MS;
        this.logger.warn(
          `analytics: follower unreachable, reading from the primary for ${FOLLOWER_RETRY_AFTER_MS} ms`,
        );
      } else if (!isRecoveryConflict(error)) {
        throw error;
      }
      return work(this.primary.manager);
    }
  }

  /** Runs on the follower only, without falling back (health probes). */
  async onFollower<T>(
    mode: AnalyticsMode,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (mode === 'using primary') return work(this.primary.manager);
    if (mode === 'follower') return work(this.analytics.manager);
    const runner = this.primary.createQueryRunner('slave');
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }
}
