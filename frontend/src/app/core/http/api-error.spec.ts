import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { ApiError, fieldMessage } from './api-error';

describe('ApiError', () => {
  it('keeps the contract error, one message per field, and the request id', () => {
    const error = ApiError.from(
      new HttpErrorResponse({
        status: 400,
        error: {
          error: 'email: must be a valid e-mail address',
          status_code: 400,
          request_id: 'r-1',
          details: [{ field: 'email', message: 'must be a valid e-mail address' }],
        },
      }),
    );
    expect(error).toMatchObject({
      status: 400,
      message: 'email: must be a valid e-mail address',
      requestId: 'r-1',
    });
    expect(fieldMessage(error, 'email')).toBe('E-mail must be a valid e-mail address');
    expect(fieldMessage(error, 'name')).toBeNull();
  });

  it('shows a 409 at the conflicting field', () => {
    const error = ApiError.from(
      new HttpErrorResponse({
        status: 409,
        error: { error: 'A customer with this email already exists', status_code: 409 },
      }),
    );
    expect(fieldMessage(error, 'email', 'email')).toBe('A customer with this email already exists');
    expect(fieldMessage(error, 'name', 'email')).toBeNull();
  });

  it('explains a network failure and a body that is not the contract shape', () => {
    expect(ApiError.from(new HttpErrorResponse({ status: 0 })).message).toMatch(
      /cannot be reached/,
    );
    const html = ApiError.from(
      new HttpErrorResponse({
        status: 502,
        statusText: 'Bad Gateway',
        error: '<html>',
        headers: new HttpHeaders({ 'X-Request-Id': 'gw' }),
      }),
    );
    expect(html).toMatchObject({
      status: 502,
      message: 'Request failed (502 Bad Gateway)',
      requestId: 'gw',
    });
  });
});
