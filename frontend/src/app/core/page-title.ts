import { inject, Injectable } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { type RouterStateSnapshot, TitleStrategy } from '@angular/router';

const PORTAL_NAME = 'Admin portal';

/**
 * The browser tab's title: the page's route `title`, then the portal's name ("Accounts · Admin
 * portal"), so routes name only their page.
 */
@Injectable({ providedIn: 'root' })
export class PageTitle extends TitleStrategy {
  private readonly title = inject(Title);

  override updateTitle(snapshot: RouterStateSnapshot): void {
    const page = this.buildTitle(snapshot);
    this.title.setTitle(page ? `${page} · ${PORTAL_NAME}` : PORTAL_NAME);
  }
}
