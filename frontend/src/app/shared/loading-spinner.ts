import { ChangeDetectionStrategy, Component } from '@angular/core';

/** The page-level "Loading" spinner: `<div appLoadingSpinner></div>` (or on a span). */
@Component({
  selector: '[appLoadingSpinner]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'spinner-border text-primary', role: 'status' },
  template: `<span class="visually-hidden">Loading</span>`,
})
export class LoadingSpinner {}
