import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { InjectDataSource } from '@nestjs/typeorm';
import { PRIMARY, ReadRouter, withTimeout } from '@app/database';
import type { DataSource, EntityManager } from 'typeorm';

const PROBE_TIMEOUT_MS = 2_000;

/** 'leader' or 'follower', as the server itself reports it. */
async function roleOf(manager: EntityManager): Promise<'leader' | 'follower'> {
  const [row] = await withTimeout(
    manager.query<{ in_recovery: boolean }[]>(
      'SELECT pg_is_in_recovery() AS in_recovery',
    ),
    PROBE_TIMEOUT_MS,
  );
  return row.in_recovery ? 'follower' : 'leader';
}

/**
 * One indicator per connection. The primary down fails the check (503). Followers lagging or down
 * only degrade it (200): analytics then read from the leader. Each follower's status, lag_ms and
 * lag_bytes come from the ReadRouter's continuous position reads (no query per probe).
 */
@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @InjectDataSource(PRIMARY) private readonly primary: DataSource,
    private readonly router: ReadRouter,
  ) {}

  async checkPrimary() {
    const indicator = this.health.check('database');
    try {
      return indicator.up({ role: await roleOf(this.primary.manager) });
    } catch {
      return indicator.down({ message: 'primary database unreachable' });
    }
  }

  checkAnalytics() {
    const indicator = this.health.check('analytics_db');
    const mode = this.router.mode;
    if (mode === 'using primary')
      return indicator.up({ role: 'using primary' });
    const followers = this.router.reports();
    const details = { role: 'follower', mode, followers };
    if (followers.every((follower) => follower.status === 'up'))
      return indicator.up(details);
    return indicator.degraded({
      ...details,
      message: followers.some((follower) => follower.status === 'up')
        ? 'some followers serve no reads (lagging or down)'
        : 'no follower serves reads (lagging or down); analytics read from the leader',
    });
  }
}
