import { Injectable } from '@nestjs/common';
import { AnalyticsReader } from '@app/database';
import type { SnapshotDto } from './dto/jobs.dto.js';

export const HISTORY_SQL = `
  SELECT to_char(day, 'YYYY-MM-DD') AS day, total_customers, total_accounts, active_accounts, inactive_accounts,
         avg_accounts_per_customer, computed_at, pg_is_in_recovery() AS in_recovery
    FROM daily_snapshots
   WHERE organization_id = $1 AND day > (now() AT TIME ZONE 'UTC')::date - $2::int
   ORDER BY day`;

export interface ServedHistory {
  result: SnapshotDto[];
  servedBy: 'follower' | 'leader';
}

/** The stored daily snapshots (written by the aggregation job), read through the analytics DataSource. */
@Injectable()
export class AnalyticsHistoryService {
  constructor(private readonly reader: AnalyticsReader) {}

  async history(organizationId: number, days: number): Promise<ServedHistory> {
    const [rows, inRecovery] = await this.reader.read(async (manager) => {
      const found = await manager.query(HISTORY_SQL, [organizationId, days]);
      // An empty history still says which server answered.
      const recovery = found.length > 0 ? found[0].in_recovery : (await manager.query('SELECT pg_is_in_recovery() AS r'))[0].r;
      return [found, recovery as boolean] as const;
    });
    return {
      servedBy: inRecovery ? 'follower' : 'leader',
      result: rows.map((row: Record<string, unknown>) => ({
        day: row.day as string,
        total_customers: row.total_customers as number,
        total_accounts: row.total_accounts as number,
        active_accounts: row.active_accounts as number,
        inactive_accounts: row.inactive_accounts as number,
        avg_accounts_per_customer: row.avg_accounts_per_customer as number,
        computed_at: new Date(row.computed_at as string).toISOString(),
      })),
    };
  }
}
