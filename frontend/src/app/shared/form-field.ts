import {
  ChangeDetectionStrategy,
  Component,
  Directive,
  computed,
  ElementRef,
  inject,
  input,
} from '@angular/core';

/**
 * One labelled form field: `<div appFormField for="email" label="E-mail" [error]="errorFor('email')">`
 * around the control. It renders the label and the `<id>-error` feedback text (the id that tests and
 * `aria-describedby` point at), so every form spells the markup the same way. The control sits
 * between them as projected content, a sibling of the feedback, which Bootstrap's
 * `.is-invalid ~ .invalid-feedback` rule needs.
 */
@Component({
  selector: '[appFormField]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'mb-3' },
  template: `
    <label [for]="for()" class="form-label">{{ label() }}</label>
    <ng-content />
    <div [id]="for() + '-error'" class="invalid-feedback" [attr.data-testid]="for() + '-error'">
      {{ error() }}
    </div>
  `,
})
export class FormField {
  /** The control's id (the label's `for`); the feedback's id and test id are `<for>-error`. */
  readonly for = input.required<string>();
  readonly label = input.required<string>();
  /** The message to show; a non-empty one also marks the control invalid. */
  readonly error = input<string | null | undefined>(null);
  /** Ids of extra help text to announce before the error. */
  readonly describedBy = input<string | undefined>(undefined);

  readonly isInvalid = computed(() => !!this.error());
  readonly ariaDescribedBy = computed(() =>
    [this.describedBy(), `${this.for()}-error`].filter(Boolean).join(' '),
  );
}

/**
 * Put on the control inside an `appFormField`: gives it the field's id and Bootstrap's class
 * (`form-control`, `form-select` on a select), points `aria-describedby` at the feedback, and sets
 * `is-invalid` / `aria-invalid` together.
 */
@Directive({
  selector: 'input[appFieldControl], select[appFieldControl]',
  host: {
    '[id]': 'field.for()',
    '[class.form-control]': '!isSelect',
    '[class.form-select]': 'isSelect',
    '[attr.aria-describedby]': 'field.ariaDescribedBy()',
    '[class.is-invalid]': 'field.isInvalid()',
    '[attr.aria-invalid]': 'field.isInvalid()',
  },
})
export class FieldControl {
  protected readonly field = inject(FormField);
  protected readonly isSelect =
    inject<ElementRef<HTMLElement>>(ElementRef).nativeElement.tagName === 'SELECT';
}
