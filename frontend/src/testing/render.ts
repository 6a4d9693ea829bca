import type { HttpTestingController } from '@angular/common/http/testing';
import type { Provider, Type } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { configureApiTesting, settle } from './http';
import { query } from './dom';

/** A rendered component and the look-ups its specs use. */
export interface Rendered<T> {
  fixture: ComponentFixture<T>;
  element: HTMLElement;
  /** The trimmed text of `[data-testid="<testId>"]`, undefined when there is none. */
  text: (testId: string) => string | undefined;
  /** Types into the input `selector` as a user would. */
  type: (selector: string, value: string) => void;
  /** Submits the (first) form. */
  submit: () => void;
  /** Lets queued work run, then renders. */
  stable: () => Promise<void>;
}

function rendered<T>(fixture: ComponentFixture<T>): Rendered<T> {
  const element = fixture.nativeElement as HTMLElement;
  return {
    fixture,
    element,
    text: (testId) => element.querySelector(`[data-testid="${testId}"]`)?.textContent.trim(),
    type: (selector, value) => {
      const input = query<HTMLInputElement>(element, selector);
      input.value = value;
      input.dispatchEvent(new Event('input'));
    },
    submit: () => {
      query<HTMLFormElement>(element, 'form').dispatchEvent(new Event('submit'));
    },
    stable: async () => {
      await settle();
      await fixture.whenStable();
    },
  };
}

/**
 * A page (or any component that talks to the API) on configureApiTesting(), with its route
 * inputs set and a first render, so its first requests are out.
 */
export function renderPage<T>(
  component: Type<T>,
  options: { inputs?: Record<string, unknown>; providers?: Provider[] } = {},
): Rendered<T> & { backend: HttpTestingController } {
  const backend = configureApiTesting({ imports: [component], providers: options.providers });
  const fixture = TestBed.createComponent(component);
  for (const [name, value] of Object.entries(options.inputs ?? {}))
    fixture.componentRef.setInput(name, value);
  fixture.detectChanges();
  return { ...rendered(fixture), backend };
}

/** A spec's host component around a shared piece, with a router for its links, rendered. */
export async function renderHost<T>(
  host: Type<T>,
  providers: Provider[] = [],
): Promise<Rendered<T>> {
  TestBed.configureTestingModule({ providers: [provideRouter([]), ...providers] });
  const fixture = TestBed.createComponent(host);
  await fixture.whenStable();
  return rendered(fixture);
}
