import { Injectable, signal } from '@angular/core';
import { ApiError } from '../http/api-error';

export interface Toast {
  id: number;
  kind: 'success' | 'danger' | 'info';
  text: string;
}

/** Short notices in the corner: errors stay until closed, successes go away on their own. */
@Injectable({ providedIn: 'root' })
export class ToastService {
  private nextId = 1;
  private readonly state = signal<Toast[]>([]);
  readonly toasts = this.state.asReadonly();

  success(text: string): void {
    this.show('success', text);
  }

  error(text: string): void {
    this.show('danger', text);
  }

  info(text: string): void {
    this.show('info', text);
  }

  /** A failed API call as "what: message"; none for a 401, after which the user is signed out. */
  apiError(what: string, error: unknown): void {
    const apiError = ApiError.from(error);
    if (apiError.status !== 401) this.error(`${what}: ${apiError.message}`);
  }

  dismiss(id: number): void {
    this.state.update((toasts) => toasts.filter((toast) => toast.id !== id));
  }

  private show(kind: Toast['kind'], text: string): void {
    const id = this.nextId++;
    this.state.update((toasts) => [...toasts.slice(-4), { id, kind, text }]);
  }
}
