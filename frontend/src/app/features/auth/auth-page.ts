import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { PRODUCT_NAME } from '../../core/product';

/**
 * The frame of the signed-out pages: the product's name (PRODUCT_NAME) above a centred card, which starts with the
 * page's title (and a line under it, `lead`).
 * `<main appAuthPage width="26rem" heading="Sign in">…the rest of the card body…</main>`
 */
@Component({
  selector: 'main[appAuthPage]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'auth-page container py-5' },
  template: `
    <p class="text-center h4 mb-4 fw-semibold">{{ productName }}</p>
    <div class="card shadow-sm mx-auto" [style.max-width]="width()">
      <div class="card-body p-4">
        <h1 class="h3" [class.mb-1]="lead()" [class.mb-3]="!lead()">{{ heading() }}</h1>
        @if (lead(); as lead) {
          <p class="text-body-secondary">{{ lead }}</p>
        }
        <ng-content />
      </div>
    </div>
  `,
})
export class AuthPage {
  /** The card's largest width (CSS length). */
  readonly width = input.required<string>();
  readonly heading = input.required<string>();
  readonly lead = input<string>();
  protected readonly productName = PRODUCT_NAME;
}
