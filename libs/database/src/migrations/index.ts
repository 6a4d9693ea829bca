import { InitialSchema1732500000000 } from './1732500000000-initial-schema.js';
import { Jobs1764100000000 } from './1764100000000-jobs.js';
import { CustomerSortIndexes1764150000000 } from './1764150000000-customer-sort-indexes.js';
import { Sessions1764200000000 } from './1764200000000-sessions.js';
import { DropJobRuns1764300000000 } from './1764300000000-drop-job-runs.js';
import { AnalyticsRollups1764400000000 } from './1764400000000-analytics-rollups.js';

/** Listed explicitly (not globbed) so that the bundled build and the CLI run the same set. */
export const MIGRATIONS = [
  InitialSchema1732500000000,
  Jobs1764100000000,
  CustomerSortIndexes1764150000000,
  Sessions1764200000000,
  DropJobRuns1764300000000,
  AnalyticsRollups1764400000000,
];
