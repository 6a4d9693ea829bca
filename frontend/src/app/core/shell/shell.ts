import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NavigationEnd, Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { filter } from 'rxjs';
import type { User } from '../api/api';
import { AuthService } from '../auth/auth.service';
import { PRODUCT_NAME } from '../product';

/** How the header names a role. */
const ROLE_LABELS: Record<User['role'], string> = { admin: 'Admin', member: 'Member' };

@Component({
  selector: 'app-shell',
  imports: [RouterLink, RouterLinkActive, RouterOutlet],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <a class="visually-hidden-focusable position-absolute top-0 start-0 p-2 bg-white" href="#main"
      >Skip to content</a
    >
    <nav class="navbar navbar-expand-md navbar-dark bg-dark" aria-label="Main">
      <div class="container-fluid">
        <a class="navbar-brand" routerLink="/dashboard">{{ productName }}</a>
        <button
          class="navbar-toggler"
          type="button"
          aria-controls="main-nav"
          [attr.aria-expanded]="menuOpen()"
          aria-label="Toggle navigation"
          (click)="toggleMenu()"
        >
          <span class="navbar-toggler-icon"></span>
        </button>
        <div class="collapse navbar-collapse" id="main-nav" [class.show]="menuOpen()">
          <ul class="navbar-nav me-auto">
            @for (link of links; track link.path) {
              <li class="nav-item">
                <a
                  class="nav-link"
                  [routerLink]="link.path"
                  routerLinkActive="active"
                  ariaCurrentWhenActive="page"
                  (click)="closeMenu()"
                  >{{ link.label }}</a
                >
              </li>
            }
          </ul>
          <div class="d-flex align-items-center gap-3 pb-2 pb-md-0">
            @if (auth.user(); as user) {
              <span class="navbar-text" data-testid="current-user"
                >Signed in as <span class="text-light fw-semibold">{{ user.username }}</span> ·
                {{ roleLabel(user.role) }}</span
              >
            }
            <button type="button" class="btn btn-outline-light btn-sm" (click)="signOut()">
              Sign out
            </button>
          </div>
        </div>
      </div>
    </nav>
    <main id="main" #main class="container-xl py-4" tabindex="-1">
      <router-outlet />
    </main>
  `,
})
export class Shell {
  protected readonly auth = inject(AuthService);
  protected readonly productName = PRODUCT_NAME;
  protected readonly menuOpen = signal(false);
  private readonly main = viewChild.required<ElementRef<HTMLElement>>('main');
  private readonly router = inject(Router);
  protected readonly links = [
    { path: '/dashboard', label: 'Dashboard' },
    { path: '/customers', label: 'Customers' },
    { path: '/accounts', label: 'Accounts' },
    { path: '/jobs', label: 'Jobs' },
    { path: '/system', label: 'System' },
  ];

  constructor() {
    this.moveFocusOnNavigation();
  }

  /** After a page change, focus goes to the new page's content, so screen readers start there. */
  private moveFocusOnNavigation(): void {
    this.router.events
      .pipe(
        filter((event) => event instanceof NavigationEnd),
        takeUntilDestroyed(),
      )
      .subscribe(() => {
        this.main().nativeElement.focus({ preventScroll: true });
      });
  }

  protected roleLabel(role: User['role']): string {
    return ROLE_LABELS[role];
  }

  protected toggleMenu(): void {
    this.menuOpen.update((open) => !open);
  }

  protected closeMenu(): void {
    this.menuOpen.set(false);
  }

  protected signOut(): void {
    this.auth.signOut('You are signed out.');
  }
}
