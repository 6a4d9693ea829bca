import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { type Observable, switchMap, timer } from 'rxjs';
import type { Health, RoutingStatus } from '../../core/api/api';

/** How often the System page reads the routing state while it is open. */
export const ROUTING_REFRESH_MS = 2000;

/** /health (one indicator per connection, with its role) and /api/system/routing. */
@Injectable({ providedIn: 'root' })
export class SystemService {
  private readonly http = inject(HttpClient);

  health(): Observable<Health> {
    return this.http.get<Health>('/health');
  }

  routing(): Observable<RoutingStatus> {
    return this.http.get<RoutingStatus>('/api/system/routing');
  }

  /**
   * Each follower's status and lag and where analytics reads went: now and every
   * ROUTING_REFRESH_MS. switchMap keeps one request at a time; unsubscribing stops the timer and
   * aborts the request in flight.
   */
  liveRouting(): Observable<RoutingStatus> {
    return timer(0, ROUTING_REFRESH_MS).pipe(switchMap(() => this.routing()));
  }

  /** /health as a resource of the caller's lifetime; `reload()` reads it again. */
  healthResource() {
    return rxResource({ stream: () => this.health() });
  }

  /**
   * liveRouting() as a resource of the caller's lifetime: leaving the page stops it. A failed read
   * stops it too (the error is the resource's); `reload()` starts it again.
   */
  routingResource() {
    return rxResource({ stream: () => this.liveRouting() });
  }
}
