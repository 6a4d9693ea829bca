import { ChangeDetectionStrategy, Component, inject, Injectable } from '@angular/core';
import { NgbActiveModal, NgbModal } from '@ng-bootstrap/ng-bootstrap';

@Component({
  selector: 'app-confirm-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="modal-header">
      <h2 class="modal-title h5" id="confirm-title">{{ title }}</h2>
      <button type="button" class="btn-close" aria-label="Close" (click)="modal.dismiss()"></button>
    </div>
    <div class="modal-body">
      <p class="mb-0">{{ message }}</p>
    </div>
    <div class="modal-footer">
      <button type="button" class="btn btn-outline-secondary" (click)="modal.dismiss()">
        Cancel
      </button>
      <button
        type="button"
        class="btn btn-danger"
        data-testid="confirm"
        ngbAutofocus
        (click)="modal.close(true)"
      >
        {{ confirmLabel }}
      </button>
    </div>
  `,
})
export class ConfirmDialog {
  protected readonly modal = inject(NgbActiveModal);
  title = '';
  message = '';
  confirmLabel = 'Delete';
}

/** Asks before something that cannot be undone; resolves true only on an explicit confirmation. */
@Injectable({ providedIn: 'root' })
export class Confirmation {
  private readonly modals = inject(NgbModal);

  async ask(title: string, message: string, confirmLabel = 'Delete'): Promise<boolean> {
    const ref = this.modals.open(ConfirmDialog, {
      ariaLabelledBy: 'confirm-title',
      centered: true,
    });
    Object.assign(ref.componentInstance as ConfirmDialog, { title, message, confirmLabel });
    return ref.result.then(
      () => true,
      () => false,
    );
  }
}
