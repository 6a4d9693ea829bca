import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, TitleStrategy } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { PageTitle } from './page-title';

@Component({ template: '' })
class Page {}

describe('PageTitle', () => {
  it('names the page, then the product, in the browser tab', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'accounts', title: 'Accounts', component: Page },
          { path: 'untitled', component: Page },
        ]),
        { provide: TitleStrategy, useClass: PageTitle },
      ],
    });
    const harness = await RouterTestingHarness.create();
    const title = TestBed.inject(Title);
    await harness.navigateByUrl('/accounts');
    expect(title.getTitle()).toBe('Accounts · Ledgerline Admin');
    await harness.navigateByUrl('/untitled');
    expect(title.getTitle()).toBe('Ledgerline Admin');
  });
});
