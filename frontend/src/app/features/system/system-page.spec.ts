import type { TestRequest } from '@angular/common/http/testing';
import { SystemPage } from './system-page';
import { ROUTING_REFRESH_MS } from './system.service';
import { query } from '../../../testing/dom';
import { useFakeTimers } from '../../../testing/http';
import { renderPage } from '../../../testing/render';

const ROUTING = '/api/system/routing';

const follower = (replica: string, status = 'up', lagMs = 0, lagBytes = 0) => ({
  replica,
  status,
  lag_ms: lagMs,
  lag_bytes: lagBytes,
  replay_lsn: '0/3A1F2B8',
});

const noFollower = { mode: 'using primary', positions: 'memory', followers: [], routes: [] };

type Answer = Parameters<TestRequest['flush']>;

/**
 * The page once /health and the first routing read (its timer fires at once) have answered with
 * `health` (flush arguments) and `routing`.
 */
async function render(health: Answer, routing: object = noFollower) {
  const rendered = renderPage(SystemPage);
  await vi.advanceTimersByTimeAsync(0);
  rendered.backend.expectOne('/health').flush(...health);
  rendered.backend.expectOne(ROUTING).flush(routing);
  await show(rendered);
  return rendered;
}

/** Lets the answers reach the page, and renders it. */
async function show(rendered: { fixture: { detectChanges: () => void } }) {
  await vi.advanceTimersByTimeAsync(0);
  rendered.fixture.detectChanges();
}

const texts = (element: HTMLElement, testId: string) =>
  [...element.querySelectorAll(`[data-testid="${testId}"]`)].map((found) =>
    found.textContent.replace(/\s+/g, ' ').trim(),
  );

/** Each row's cells, trimmed and joined by one space. */
const rows = (element: HTMLElement, testId: string) =>
  [...element.querySelectorAll(`[data-testid="${testId}"]`)].map((row) =>
    [...row.querySelectorAll('td')].map((cell) => cell.textContent.trim()).join(' '),
  );

describe('SystemPage', () => {
  useFakeTimers();

  it('shows each connection with its role ("using primary" when there is no follower)', async () => {
    const { element, text } = await render([
      {
        status: 'ok',
        details: {
          database: { status: 'up', role: 'leader' },
          analytics_db: { status: 'up', role: 'using primary' },
        },
      },
    ]);
    expect(text('health-overall')).toBe('ok');
    expect(
      query(
        element,
        '[data-testid="health-database"] [data-testid="health-role"]',
      ).textContent.trim(),
    ).toBe('leader');
    expect(
      query(
        element,
        '[data-testid="health-analytics_db"] [data-testid="health-role"]',
      ).textContent.trim(),
    ).toBe('using primary');
    expect(text('followers-empty')).toBe('No follower: analytics read from the leader.');
    expect(text('routes-empty')).toBe('No analytics reads yet.');
    expect(element.querySelector('a[href="/swagger"]')).not.toBeNull();
    expect(element.querySelector('a[href="/metrics"]')).not.toBeNull();
  });

  it('says the primary is unreachable on a 503', async () => {
    const page = await render([
      { status: 'error' },
      { status: 503, statusText: 'Service Unavailable' },
    ]);
    expect(page.element.textContent).toContain('The primary database is unreachable.');
    expect(page.text('health-overall')).toBe('unreachable');
  });

  it('lists the followers /health reports on the analytics card, in words (not as JSON)', async () => {
    const page = await render([
      {
        status: 'degraded',
        details: {
          database: { status: 'up', role: 'leader' },
          analytics_db: {
            status: 'degraded',
            role: 'follower',
            mode: 'follower',
            followers: [follower('1'), follower('2', 'lagging', 7000, 123456)],
            message: 'some followers serve no reads (lagging or down)',
          },
        },
      },
    ]);
    const card = query(page.element, '[data-testid="health-analytics_db"]');
    expect(texts(card, 'health-follower')).toEqual([
      'follower 1 up lag 0 ms · 0 bytes',
      'follower 2 lagging lag 7,000 ms · 123,456 bytes',
    ]);
    expect(card.textContent).toContain('message: some followers serve no reads');
    expect(card.textContent).not.toContain('{');
    expect(card.textContent).not.toContain('followers:');
  });

  it('shows the followers and the reads by server and reason, read again every 2 s until the page is left', async () => {
    const page = await render([{ status: 'ok', details: {} }], {
      mode: 'follower',
      positions: 'redis',
      followers: [follower('1'), follower('2', 'up', 3, 120)],
      routes: [
        { target: 'follower', reason: 'fresh', count: 1200 },
        { target: 'leader', reason: 'stale-for-tenant', count: 1 },
      ],
    });
    const { element, text, fixture, backend } = page;
    expect(text('routing-mode')).toBe('follower');
    expect(text('routing-positions')).toBe('redis');
    expect(rows(element, 'follower-row')).toEqual(['1 up 0 0 0/3A1F2B8', '2 up 3 120 0/3A1F2B8']);
    expect(query(element, '[data-testid="follower-status"]').className).toContain(
      'text-bg-success',
    );
    expect(rows(element, 'route-row')).toEqual([
      'follower fresh 1,200',
      'leader stale-for-tenant 1',
    ]);
    const legend = texts(element, 'reason-legend')[0];
    for (const reason of [
      'fresh',
      'caught-up-after-wait',
      'stale-for-tenant',
      'lagging',
      'down',
      'no-follower',
    ])
      expect(legend).toContain(reason);
    expect(legend).toContain(
      'no follower had replayed the organization’s latest write in time: the leader answered',
    );

    await vi.advanceTimersByTimeAsync(ROUTING_REFRESH_MS - 1);
    backend.expectNone(ROUTING);
    await vi.advanceTimersByTimeAsync(1);
    backend.expectOne(ROUTING).flush({
      mode: 'follower',
      positions: 'redis',
      followers: [follower('1'), follower('2', 'down', 9000, 5000)],
      routes: [{ target: 'leader', reason: 'down', count: 2 }],
    });
    await show(page);
    expect(rows(element, 'follower-row')[1]).toBe('2 down 9,000 5,000 0/3A1F2B8');
    expect(
      query(element, '[data-testid="follower-row"]:nth-child(2) [data-testid="follower-status"]')
        .className,
    ).toContain('text-bg-danger');
    expect(rows(element, 'route-row')).toEqual(['leader down 2']);

    // Leaving the page stops the timer and aborts the read in flight.
    await vi.advanceTimersByTimeAsync(ROUTING_REFRESH_MS);
    const inFlight = backend.expectOne(ROUTING);
    fixture.destroy();
    expect(inFlight.cancelled).toBe(true);
    await vi.advanceTimersByTimeAsync(ROUTING_REFRESH_MS * 5);
    backend.expectNone(ROUTING);
  });
});
