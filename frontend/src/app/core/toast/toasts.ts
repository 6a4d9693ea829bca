import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NgbToast } from '@ng-bootstrap/ng-bootstrap';
import { ToastService } from './toast.service';

@Component({
  selector: 'app-toasts',
  imports: [NgbToast],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div
      class="toast-container position-fixed bottom-0 end-0 p-3"
      aria-live="polite"
      aria-atomic="false"
    >
      @for (toast of toasts.toasts(); track toast.id) {
        <ngb-toast
          [class]="'text-bg-' + toast.kind"
          [autohide]="toast.kind !== 'danger'"
          [delay]="4000"
          [attr.role]="toast.kind === 'danger' ? 'alert' : 'status'"
          [attr.data-testid]="'toast-' + toast.kind"
          (hidden)="toasts.dismiss(toast.id)"
        >
          <div class="d-flex align-items-start gap-2">
            <span class="flex-grow-1">{{ toast.text }}</span>
            <button
              type="button"
              class="btn-close btn-close-white"
              aria-label="Close"
              (click)="toasts.dismiss(toast.id)"
            ></button>
          </div>
        </ngb-toast>
      }
    </div>
  `,
})
export class Toasts {
  protected readonly toasts = inject(ToastService);
}
