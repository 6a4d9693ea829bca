import { computed, effect, inject, type Resource, type Signal, untracked } from '@angular/core';
import type { AbstractControl } from '@angular/forms';
import { Router } from '@angular/router';
import type { ApiError } from '../core/http/api-error';
import { ToastService } from '../core/toast/toast.service';
import { FormSubmission, loadErrorMessage } from './form-errors';
import { capitalised } from './text';

/** What a create/edit page uses of its record's API (a RecordApi: AccountsService, …). */
export interface FormPageApi<T, Create, Update> {
  /** The kind, in lower case: "account" (title, messages, submit button). */
  readonly noun: string;
  resource(id: () => number | undefined): Resource<T | undefined>;
  create(body: Create): Promise<T>;
  update(id: number, body: Update): Promise<T>;
}

/** What a create/edit page needs to know about its record. */
export interface FormPageOptions<T, Create, Update> {
  /** The route's `id` parameter: the record to edit, absent when creating one. */
  id: () => string | undefined;
  api: FormPageApi<T, Create, Update>;
  /** Copies the loaded record into the form. */
  fill: (record: T) => void;
  /** The bodies to send, from the form: creating, and updating. */
  created: () => Create;
  updated: () => Update;
  /** Where to go once saved. */
  savedUrl: (record: T) => string;
  /** A failure a field shows beyond the API's field details (a 409 at the e-mail, say). */
  shownAtField?: (error: ApiError) => boolean;
}

/** What a create/edit page's header and form card show of its state. */
export interface FormPageState {
  readonly noun: string;
  readonly editing: Signal<boolean>;
  readonly loading: Signal<boolean>;
  readonly loadError: Signal<string | null>;
  readonly saving: Signal<boolean>;
  readonly formError: Signal<string | null>;
}

/**
 * A create/edit page of one record (the account and customer forms). Editing, it reads the record
 * and copies it into the form once it arrives, or says why it could not (`loadError`); creating,
 * it starts empty. `save()` submits through FormSubmission (validation, double-submit guard, the
 * server's answer kept for the fields), creates or updates, says so in a toast and opens
 * `savedUrl`. A failure shows above the form unless a field shows it or it is a 401 (after which
 * the user is signed out). Construct it in a field initializer: it reads, and watches the record,
 * in the page's injection context.
 */
export class FormPage<T extends { name: string }, Create, Update = Create>
  extends FormSubmission
  implements FormPageState
{
  readonly noun: string;
  readonly editing: Signal<boolean>;
  /** True while the edited record loads. */
  readonly loading: Signal<boolean>;
  /** Why the edited record could not be loaded. */
  readonly loadError: Signal<string | null>;
  private readonly recordId: Signal<number | undefined>;
  private readonly router = inject(Router);
  private readonly toasts = inject(ToastService);

  constructor(
    form: AbstractControl,
    private readonly options: FormPageOptions<T, Create, Update>,
  ) {
    super(form);
    this.noun = options.api.noun;
    this.recordId = computed(() => {
      const id = options.id();
      return id === undefined ? undefined : Number(id);
    });
    this.editing = computed(() => this.recordId() !== undefined);
    const record = options.api.resource(this.recordId);
    this.loading = record.isLoading;
    this.loadError = loadErrorMessage(record.error, this.noun);
    // The form is not signal-based: the loaded record is copied into it once it arrives.
    effect(() => {
      if (!record.hasValue()) return;
      const loaded = record.value();
      untracked(() => {
        options.fill(loaded);
      });
    });
  }

  save(): Promise<void> {
    return this.submit(
      async () => {
        const id = this.recordId();
        const { api, created, updated } = this.options;
        const saved =
          id === undefined ? await api.create(created()) : await api.update(id, updated());
        const done = id === undefined ? 'created' : 'saved';
        this.toasts.success(`${capitalised(this.noun)} ${saved.name} was ${done}.`);
        await this.router.navigateByUrl(this.options.savedUrl(saved));
      },
      (error) =>
        error.status === 401 ||
        Object.keys(error.fieldErrors).some((field) => this.form.get(field) !== null) ||
        this.options.shownAtField?.(error)
          ? null
          : error.message,
    );
  }
}
