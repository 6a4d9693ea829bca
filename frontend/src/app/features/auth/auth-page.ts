import { ChangeDetectionStrategy, Component, input } from '@angular/core';

/**
 * The frame of the signed-out pages: the portal's name above a centred card.
 * `<main appAuthPage width="26rem">…card body…</main>`
 */
@Component({
  selector: 'main[appAuthPage]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'auth-page container py-5' },
  template: `
    <p class="text-center h4 mb-4 fw-semibold">Admin portal</p>
    <div class="card shadow-sm mx-auto" [style.max-width]="width()">
      <div class="card-body p-4">
        <ng-content />
      </div>
    </div>
  `,
})
export class AuthPage {
  /** The card's largest width (CSS length). */
  readonly width = input.required<string>();
}
