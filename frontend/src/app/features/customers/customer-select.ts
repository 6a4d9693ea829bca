import {
  ChangeDetectionStrategy,
  Component,
  computed,
  ElementRef,
  forwardRef,
  inject,
  input,
  signal,
} from '@angular/core';
import { type ControlValueAccessor, NG_VALUE_ACCESSOR } from '@angular/forms';
import type { CustomerOptions } from './customers.service';

/**
 * The customer picker of the account form and the accounts filter, as its `<select>`'s form
 * control: `<select appCustomerSelect [customers]="options" emptyLabel="All customers"
 * formControlName="customer_id">` (or `[ngModel]`). Its value is the customer's id as text, ''
 * for none. An id that is not among the options (a customer past the first 500, named by the URL)
 * stays selected as "Customer #<id>". Each option says whether it is the selected one, so a value
 * written before the customers arrive is shown once they do.
 */
@Component({
  selector: 'select[appCustomerSelect]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  providers: [
    { provide: NG_VALUE_ACCESSOR, useExisting: forwardRef(() => CustomerSelect), multi: true },
  ],
  host: {
    class: 'form-select',
    '[disabled]': 'disabled()',
    '(change)': 'choose()',
    '(blur)': 'touched()',
  },
  template: `
    <option value="" [selected]="value() === ''">{{ emptyLabel() }}</option>
    @if (unlisted()) {
      <option [value]="value()" [selected]="true">Customer #{{ value() }}</option>
    }
    @for (customer of customers().customers(); track customer.id) {
      <option [value]="'' + customer.id" [selected]="'' + customer.id === value()">
        {{ customer.name }} ({{ customer.email }})
      </option>
    }
  `,
})
export class CustomerSelect implements ControlValueAccessor {
  readonly customers = input.required<CustomerOptions>();
  /** The first option, for no customer: "All customers", "Choose a customer…". */
  readonly emptyLabel = input.required<string>();

  protected readonly value = signal('');
  protected readonly disabled = signal(false);
  protected readonly unlisted = computed(() => {
    const value = this.value();
    return (
      value !== '' &&
      !this.customers()
        .customers()
        .some((customer) => `${customer.id}` === value)
    );
  });
  private readonly select = inject<ElementRef<HTMLSelectElement>>(ElementRef).nativeElement;
  private changed: (value: string) => void = () => undefined;
  protected touched: () => void = () => undefined;

  writeValue(value: unknown): void {
    this.value.set(typeof value === 'string' || typeof value === 'number' ? `${value}` : '');
  }

  registerOnChange(changed: (value: string) => void): void {
    this.changed = changed;
  }

  registerOnTouched(touched: () => void): void {
    this.touched = touched;
  }

  setDisabledState(disabled: boolean): void {
    this.disabled.set(disabled);
  }

  protected choose(): void {
    this.value.set(this.select.value);
    this.changed(this.select.value);
  }
}
