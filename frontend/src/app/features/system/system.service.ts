import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import type { Observable } from 'rxjs';
import type { Health } from '../../core/api/api';

/** /health: one indicator per connection, with its role. */
@Injectable({ providedIn: 'root' })
export class SystemService {
  private readonly http = inject(HttpClient);

  health(): Observable<Health> {
    return this.http.get<Health>('/health');
  }

  /** /health as a resource of the caller's lifetime; `reload()` reads it again. */
  healthResource() {
    return rxResource({ stream: () => this.health() });
  }
}
