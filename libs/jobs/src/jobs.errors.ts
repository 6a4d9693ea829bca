/** Redis is configured but cannot be reached: job endpoints answer 503 until it returns. */
export class JobsUnavailableError extends Error {
  constructor(message = 'Job queue unavailable (Redis unreachable), retry shortly') {
    super(message);
    this.name = 'JobsUnavailableError';
  }
}

/** A job name with no handler: fails start-up (and, should one be enqueued anyway, the job). */
export class UnknownJobError extends Error {
  constructor(name: string) {
    super(`no handler for job "${name}"`);
    this.name = 'UnknownJobError';
  }
}
