import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SystemPage } from './system-page';
import { configureApiTesting } from '../../../testing/http';

const settle = () => new Promise((resolve) => setTimeout(resolve));

async function render(flush: (backend: HttpTestingController) => void): Promise<HTMLElement> {
  configureApiTesting({ imports: [SystemPage] });
  const fixture = TestBed.createComponent(SystemPage);
  fixture.detectChanges();
  flush(TestBed.inject(HttpTestingController));
  await settle();
  await fixture.whenStable();
  return fixture.nativeElement as HTMLElement;
}

describe('SystemPage', () => {
  it('shows each connection with its role ("using primary" when there is no follower)', async () => {
    const element = await render((backend) => {
      backend.expectOne('/health').flush({
        status: 'ok',
        details: {
          database: { status: 'up', role: 'leader' },
          analytics_db: { status: 'up', role: 'using primary' },
        },
      });
    });
    expect(element.querySelector('[data-testid="health-overall"]')?.textContent.trim()).toBe('ok');
    expect(
      element
        .querySelector('[data-testid="health-database"] [data-testid="health-role"]')
        ?.textContent.trim(),
    ).toBe('leader');
    expect(
      element
        .querySelector('[data-testid="health-analytics_db"] [data-testid="health-role"]')
        ?.textContent.trim(),
    ).toBe('using primary');
    expect(element.querySelector('a[href="/swagger"]')).not.toBeNull();
    expect(element.querySelector('a[href="/metrics"]')).not.toBeNull();
  });

  it('says the primary is unreachable on a 503', async () => {
    const element = await render((backend) => {
      backend
        .expectOne('/health')
        .flush({ status: 'error' }, { status: 503, statusText: 'Service Unavailable' });
    });
    expect(element.textContent).toContain('The primary database is unreachable.');
    expect(element.querySelector('[data-testid="health-overall"]')?.textContent.trim()).toBe(
      'unreachable',
    );
  });
});
