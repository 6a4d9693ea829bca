import { expect } from '@jest/globals';
import type { ErrorResponseDto } from '../../apps/api/src/common/error-response.dto.js';
import type { HttpResponse } from './http.js';

/** The contract's validation answer: a 400 whose `details` name `field` (among others, maybe). */
export function expectBadField(
  response: HttpResponse<ErrorResponseDto>,
  field: string,
): void {
  expect(response.status).toBe(400);
  expect(response.body.details).toEqual(
    expect.arrayContaining([expect.objectContaining({ field })]),
  );
}
