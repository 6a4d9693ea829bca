// HAND-WRITTEN, TEMPORARY. The background-jobs API (POST /api/jobs/aggregate, GET /api/jobs,
// GET /api/jobs/:id, GET /api/analytics/history) is being built on another branch and is not in
// this branch's openapi.json yet. These shapes are the agreed contract; once the jobs API is
// merged, regenerate openapi.json (npm run openapi:update at the repository root) and replace
// every type in this file with the generated one from ./api.ts.

export type JobState = 'waiting' | 'delayed' | 'active' | 'completed' | 'failed';

export interface Job {
  job_id: string;
  queue: string;
  name: 'aggregate';
  state: JobState;
  progress: number | object;
  attempts: number;
  data: { date?: string };
  result: Record<string, unknown> | null;
  failed_reason: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface StartAggregationRequest {
  /** YYYY-MM-DD; the server's default day when absent. */
  date?: string;
}

export interface StartAggregationResponse {
  job_id: string;
  queue: string;
  state: JobState;
}

export interface HistoryDay {
  day: string;
  total_customers: number;
  total_accounts: number;
  active_accounts: number;
  inactive_accounts: number;
  avg_accounts_per_customer: number;
  computed_at: string;
}
