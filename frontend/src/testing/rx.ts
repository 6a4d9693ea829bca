import type { Observable } from 'rxjs';

/** Subscribes to `source`, keeping what it emits and whether it has completed. */
export function record<T>(source: Observable<T>) {
  const values: T[] = [];
  let completed = false;
  const subscription = source.subscribe({
    next: (value) => values.push(value),
    complete: () => (completed = true),
  });
  return { values, completed: () => completed, subscription };
}
