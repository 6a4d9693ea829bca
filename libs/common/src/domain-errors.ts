/**
 * Errors that mean something to the domain, thrown by the api's services and by the libraries the
 * api and the worker share (libs/jobs). They carry no HTTP: the api's edge (AllExceptionsFilter)
 * maps each family to the contract's status code; the worker logs them.
 */
export abstract class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Row absent or owned by another organization: both answer 404, so existence is not revealed. */
export class NotFoundError extends DomainError {}
export class ConflictError extends DomainError {}
/** The body names a row (e.g. customer_id) that does not exist in the caller's organization. */
export class UnprocessableReferenceError extends DomainError {}
export class InvalidCredentialsError extends DomainError {
  constructor() {
    super('Invalid credentials');
  }
}
/** No valid session: a refresh token that is unknown, spent, expired or of a revoked session (401). */
export class SessionInvalidError extends DomainError {}
/** Too many attempts; the client may retry after `retryAfterSeconds` (429 with Retry-After). */
export class TooManyAttemptsError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
export class InvalidInputError extends DomainError {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export class CustomerNotFound extends NotFoundError {
  constructor() {
    super('Customer not found');
  }
}
export class AccountNotFound extends NotFoundError {
  constructor() {
    super('Account not found');
  }
}
export class EmailTaken extends ConflictError {
  constructor() {
    super('A customer with this email already exists');
  }
}
export class UsernameTaken extends ConflictError {
  constructor() {
    super('Username already exists');
  }
}
export class UserNotFound extends NotFoundError {
  constructor() {
    super('User not found');
  }
}
export class CannotDeleteSelf extends ConflictError {
  constructor() {
    super('You cannot delete your own user; ask another admin');
  }
}
export class UnknownCustomerReference extends UnprocessableReferenceError {
  constructor() {
    super('customer_id does not refer to a customer of your organization');
  }
}
/** SEED_DATA is off, or the demo user is gone or no longer has the demo password. */
export class DemoLoginUnavailable extends NotFoundError {
  constructor() {
    super('No demo login on this server');
  }
}
export class JobNotFound extends NotFoundError {
  constructor() {
    super('Job not found');
  }
}
/**
 * Jobs are configured on Redis and Redis cannot be reached (thrown by libs/jobs' queue): job
 * endpoints answer 503 with Retry-After until it returns, the rest of the API keeps serving.
 */
export class JobsUnavailableError extends DomainError {
  constructor() {
    super('Job queue temporarily unavailable, retry shortly');
  }
}

/** A job name with no handler: fails start-up (and, should one be enqueued anyway, the job). */
export class UnknownJobError extends DomainError {
  constructor(name: string) {
    super(`no handler for job "${name}"`);
  }
}
