import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorResponse } from '../api/api';

/** Every failed API call, normalised: a status, a sentence for people, and messages per field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: Readonly<Record<string, string>> = {},
    readonly requestId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static from(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    if (!(error instanceof HttpErrorResponse))
      return new ApiError(0, error instanceof Error ? error.message : 'Unexpected error');
    if (error.status === 0)
      return new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
    const body = (
      typeof error.error === 'object' && error.error !== null ? error.error : {}
    ) as Partial<ErrorResponse>;
    const fieldErrors: Record<string, string> = {};
    for (const detail of body.details ?? []) fieldErrors[detail.field] ??= detail.message;
    const message =
      typeof body.error === 'string' && body.error
        ? body.error
        : // eslint-disable-next-line @typescript-eslint/no-deprecated -- a proxy's non-JSON error (502 Bad Gateway) has no other text; HTTP/1.1 from our own API
          `Request failed (${error.status} ${error.statusText})`;
    return new ApiError(
      error.status,
      message,
      fieldErrors,
      body.request_id ?? error.headers.get('X-Request-Id') ?? undefined,
    );
  }
}

/** The message to show for one field: the server's own detail, or for a 409 the conflict itself. */
export function fieldMessage(
  error: ApiError,
  field: string,
  conflictField?: string,
): string | null {
  if (error.fieldErrors[field])
    return `${field === 'email' ? 'E-mail' : capitalise(field)} ${error.fieldErrors[field]}`;
  if (error.status === 409 && conflictField === field) return error.message;
  return null;
}

const capitalise = (text: string) =>
  text.charAt(0).toUpperCase() + text.slice(1).replace(/_/g, ' ');
