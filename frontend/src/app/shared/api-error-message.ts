import { Pipe, type PipeTransform } from '@angular/core';
import { ApiError } from '../core/http/api-error';

/** A failed read's sentence for people (`{{ resource.error() | apiErrorMessage }}`). */
@Pipe({ name: 'apiErrorMessage' })
export class ApiErrorMessage implements PipeTransform {
  transform(error: unknown): string {
    return ApiError.from(error).message;
  }
}
