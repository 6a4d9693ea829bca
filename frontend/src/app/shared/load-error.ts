import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { ApiErrorMessage } from './api-error-message';

/**
 * Why a read failed, with "Try again": `<div appLoadError what="jobs" [error]="error"
 * (retry)="reloadJobs()"></div>` says "Could not load jobs: <the API's message> Try again".
 */
@Component({
  selector: 'div[appLoadError]',
  imports: [ApiErrorMessage],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'alert alert-danger', role: 'alert' },
  template: `
    Could not load {{ what() }}: {{ error() | apiErrorMessage }}
    <button type="button" class="btn btn-link p-0 align-baseline" (click)="retry.emit()">
      Try again
    </button>
  `,
})
export class LoadError {
  /** The sentence's object: "Could not load <what>: …". */
  readonly what = input.required<string>();
  readonly error = input.required<unknown>();
  readonly retry = output();
}
