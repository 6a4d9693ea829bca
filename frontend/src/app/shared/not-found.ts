import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

@Component({
  selector: 'app-not-found',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 class="h3">Page not found</h1>
    <p>There is nothing at this address. <a routerLink="/dashboard">Go to the dashboard</a>.</p>
  `,
})
export class NotFound {}
