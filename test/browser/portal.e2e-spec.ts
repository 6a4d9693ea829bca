// The admin portal in a real browser (Debian's Chromium through playwright-core) against the real
// API and the real PostgreSQL leader + follower: the API serves the built portal (frontend/dist).
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { waitFor } from '../support/wait.js';
import type { LoginResponseDto } from '../../apps/api/src/auth/dto/auth.dto.js';
import { ROUTE_REASONS } from '@app/database';
import { Http, signUp, uniqueName } from '../support/http.js';
import {
  accessibilityProblems,
  type Browser,
  DESKTOP,
  expectText,
  launchBrowser,
  NOT_LOCALHOST,
  PHONE,
  SCREENSHOTS,
} from '../support/browser.js';
import {
  createOwnDatabase,
  type OwnDatabase,
} from '../support/own-database.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { stopAll } from '../support/stop-all.js';

jest.setTimeout(60_000);

const PORTAL_INDEX = join(
  process.cwd(),
  'frontend',
  'dist',
  'portal',
  'browser',
  'index.html',
);

describe('admin portal in Chromium', () => {
  let testApp: TestApp;
  let browser: Browser;
  let page: Page;
  let base: string;
  const password = 'password-123';
  const username = uniqueName('portal');
  const email = `${uniqueName('acme')}@example.com`;
  let customerId: number;

  /** The API as the signed-in browser user sees it (same token). */
  async function api(): Promise<Http> {
    const token = await page.evaluate(() => localStorage.getItem('token'));
    if (!token) throw new Error('no token in localStorage');
    return new Http(base, token);
  }

  const go = (path: string) => page.goto(`${base}${path}`);

  /**
   * The dashboard's numbers are the API's, read once: the API routes analytics reads causally (a
   * follower that has replayed this organization's writes, else the leader), so no waiting for the
   * follower. Its badge says who computed them, as the response's headers do.
   */
  async function dashboardMatchesApi(): Promise<Record<string, number>> {
    const client = await api();
    const totals = (await client.get<Record<string, number>>('/api/analytics'))
      .body;
    expect(totals.total_customers).toBe(
      (await client.get<unknown[]>('/api/customers?limit=1000')).body.length,
    );
    expect(totals.total_accounts).toBe(
      (await client.get<unknown[]>('/api/accounts?limit=1000')).body.length,
    );
    await go('/dashboard');
    await page.getByTestId('served-by').waitFor();
    const answered = page.waitForResponse(
      (response) => new URL(response.url()).pathname === '/api/analytics',
    );
    await page.getByRole('button', { name: 'Refresh' }).click();
    const headers = (await answered).headers();
    for (const [testId, text] of [
      ['stat-total-customers', String(totals.total_customers)],
      ['stat-total-accounts', String(totals.total_accounts)],
      ['stat-active-accounts', String(totals.active_accounts)],
      ['stat-inactive-accounts', String(totals.inactive_accounts)],
      ['stat-avg-accounts', totals.avg_accounts_per_customer.toFixed(2)],
    ])
      await expectText(page.getByTestId(testId), text);
    await expectServedByBadge(headers);
    await expectGrowthChart(totals);
    return totals;
  }

  /**
   * The growth chart is drawn (a canvas with pixels) for every day of the period from
   * /api/analytics/growth, and ends at the totals the cards show.
   */
  async function expectGrowthChart(
    totals: Record<string, number>,
  ): Promise<void> {
    const chart = page.locator('canvas[aria-label^="Line chart from"]');
    await chart.waitFor();
    const label = (await chart.getAttribute('aria-label')) ?? '';
    expect(label).toMatch(
      new RegExp(
        `customers from \\d+ to ${totals.total_customers}, accounts from \\d+ to ${totals.total_accounts}, active accounts from \\d+ to ${totals.active_accounts};`,
      ),
    );
    expect(await page.getByText('from stored daily snapshots').count()).toBe(0);
    const box = await chart.boundingBox();
    expect(box?.height).toBeGreaterThan(200);
    expect(
      await chart.evaluate((canvas) => {
        const context = (canvas as HTMLCanvasElement).getContext('2d');
        const { width, height } = canvas as HTMLCanvasElement;
        const pixels = context?.getImageData(0, 0, width, height).data ?? [];
        return pixels.some((value, index) => index % 4 === 3 && value > 0);
      }),
    ).toBe(true);
  }

  /** The dashboard's badge: "follower <n>", or "leader · <why>" with the raw reason in data-reason. */
  async function expectServedByBadge(
    headers: Record<string, string>,
  ): Promise<void> {
    const badge = page.getByTestId('served-by');
    const reason = headers['x-routing-reason'];
    expect(ROUTE_REASONS).toContain(reason);
    await expectText(
      badge,
      headers['x-served-by'] === 'follower'
        ? `computed on follower ${headers['x-served-by-replica']}`
        : /^computed on leader · \w+/,
    );
    expect(await badge.getAttribute('data-reason')).toBe(reason);
  }

  beforeAll(async () => {
    if (!existsSync(PORTAL_INDEX)) {
      throw new Error(
        `The portal is not built (${PORTAL_INDEX} is missing): run \`npm run build:portal\` first (npm test does).`,
      );
    }
    browser = await launchBrowser();
    page = browser.page;
    testApp = await startTestApp();
    base = testApp.baseUrl;
  });
  afterAll(async () => {
    await stopAll(browser, testApp);
  });

  it('keeps signed-out users out and registers a new organization', async () => {
    await go('/customers');
    await page.waitForURL(/\/sign-in\?returnUrl=%2Fcustomers$/);
    await page.getByRole('link', { name: 'Create an organization' }).click();
    await page.getByLabel('Organization name').fill('Portal Test Org');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await expectText(
      page.locator('#password-error'),
      'Use 8 to 128 characters.',
    );
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL(/\/dashboard$/);
    await expectText(
      page.getByTestId('current-user'),
      `Signed in as ${username} · Admin`,
    );
    expect(await page.title()).toBe('Dashboard · Ledgerline Admin');
    await expectText(page.getByTestId('stat-total-customers'), '0');
    await page.getByTestId('dashboard-empty').waitFor();
  });

  it('creates a customer and an account, and the dashboard numbers follow the API', async () => {
    await go('/customers');
    await page.getByTestId('customers-empty').waitFor();
    await page.getByRole('link', { name: 'New customer' }).click();
    await page.getByLabel('Name').fill('Acme Corporation');
    await page.getByLabel('E-mail').fill(email.toUpperCase());
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.waitForURL(/\/customers\/\d+$/);
    customerId = Number(/\/customers\/(\d+)$/.exec(page.url())?.[1]);
    await expectText(page.getByTestId('customer-name'), 'Acme Corporation');
    await expectText(page.getByTestId('customer-email'), email.toLowerCase());

    await expectText(page.getByTestId('customer-total-accounts'), '0');
    const totalsReads: string[] = [];
    const countTotalsRead = (request: Request) => {
      if (request.url().endsWith(`/api/analytics/customers/${customerId}`))
        totalsReads.push(request.url());
    };
    page.on('request', countTotalsRead);
    await page.getByLabel('Name').fill('Enterprise plan');
    await page.getByRole('button', { name: 'Add account' }).click();
    await expectText(
      page.getByTestId('account-row'),
      /Enterprise plan\s+active/,
    );
    // The page reads the totals once after its write (no retry in the portal): they count the new
    // account only because the API routes that read causally (a follower that has replayed the
    // write, else the leader).
    await expectText(page.getByTestId('customer-total-accounts'), '1');
    await expectText(page.getByTestId('customer-active-accounts'), '1');
    page.off('request', countTotalsRead);
    expect(totalsReads).toHaveLength(1);
    const totals = await dashboardMatchesApi();
    expect(totals).toMatchObject({
      total_customers: 1,
      total_accounts: 1,
      active_accounts: 1,
    });
  });

  it('shows the server’s 400 and 409 next to the e-mail field', async () => {
    await go('/customers/new');
    await page.getByLabel('Name').fill('Second');
    await page.getByLabel('E-mail').fill('not-an-email');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await expectText(
      page.getByTestId('email-error'),
      'E-mail must be a valid e-mail address',
    );
    expect(await page.getByLabel('E-mail').getAttribute('aria-invalid')).toBe(
      'true',
    );

    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Create customer' }).click();
    await expectText(
      page.getByTestId('email-error'),
      'A customer with this email already exists',
    );
    expect(page.url()).toMatch(/\/customers\/new$/);
  });

  it('searches, sorts and edits customers', async () => {
    const client = await api();
    for (const name of ['Zeta Ltd', 'beta GmbH']) {
      expect(
        (
          await client.post('/api/customers', {
            name,
            email: `${uniqueName('x')}@example.com`,
          })
        ).status,
      ).toBe(201);
    }
    await go('/customers');
    await expectText(page.getByTestId('customer-row').first(), /^beta GmbH/);
    await page.getByTestId('sort-name').click();
    await expectText(
      page.getByTestId('customer-row').first(),
      /^Acme Corporation/,
    );
    await page.getByTestId('sort-name').click();
    await expectText(page.getByTestId('customer-row').first(), /^Zeta Ltd/);
    await page.getByLabel('Search customers').fill('acme');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="customer-row"]').length === 1,
    );

    await page.getByRole('link', { name: 'Edit Acme Corporation' }).click();
    await page.waitForURL(/\/customers\/\d+\/edit$/);
    await page.getByLabel('Name').fill('Acme Corp (renamed)');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`/customers/${customerId}$`));
    await expectText(page.getByTestId('customer-name'), 'Acme Corp (renamed)');
  });

  it('filters and edits accounts', async () => {
    await go(`/accounts?status=inactive`);
    await page.getByTestId('accounts-empty').waitFor();
    await go('/accounts');
    await expectText(page.getByTestId('account-row'), /Enterprise plan/);
    await page.getByRole('link', { name: 'Edit Enterprise plan' }).click();
    await page.getByLabel('Inactive').check();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.waitForURL(new RegExp(`/accounts\\?customer_id=${customerId}$`));
    await page.getByLabel('Status').selectOption('inactive');
    await expectText(
      page.getByTestId('account-row'),
      /Enterprise plan\s+Acme Corp \(renamed\)\s+inactive/,
    );
    const totals = await dashboardMatchesApi();
    expect(totals).toMatchObject({ active_accounts: 0, inactive_accounts: 1 });
  });

  it('starts an aggregation and watches it finish, and shows the health of each connection', async () => {
    await go('/jobs');
    await page.getByRole('button', { name: 'Start aggregation' }).click();
    await expectText(page.getByTestId('watched-job'), /completed/);
    await expectText(page.getByTestId('job-row').first(), /completed/);
    // The result as labelled numbers (the organization's totals, as the API has them), no JSON.
    const totals = (
      await (await api()).get<Record<string, number>>('/api/analytics')
    ).body;
    const row = page.getByTestId('job-row').first();
    for (const [testId, text] of [
      ['result-customers', `Customers ${totals.total_customers}`],
      ['result-accounts', `Accounts ${totals.total_accounts}`],
      ['result-active', `Active ${totals.active_accounts}`],
      ['result-inactive', `Inactive ${totals.inactive_accounts}`],
      [
        'result-avg',
        `Avg accounts per customer ${totals.avg_accounts_per_customer.toFixed(2)}`,
      ],
      ['result-drift', 'Rollup drift 0'],
    ])
      await expectText(row.getByTestId(testId), text);
    expect(await row.textContent()).not.toContain('total_customers');

    await go('/system');
    await expectText(
      page.getByTestId('health-database').getByTestId('health-role'),
      'leader',
    );
    await expectText(
      page.getByTestId('health-analytics_db').getByTestId('health-role'),
      'follower',
    );
    // The tests' shared cluster has two followers, both replaying: /health lists them in words.
    await expectText(
      page
        .getByTestId('health-analytics_db')
        .getByTestId('health-follower')
        .nth(1),
      /^follower 2 up lag [\d,]+ ms · [\d,]+ bytes$/,
    );
    // Read routing, read every 2 s: two followers up, and the dashboard's reads counted.
    await page.getByTestId('follower-row').nth(1).waitFor();
    expect(await page.getByTestId('follower-row').count()).toBe(2);
    expect(await page.getByTestId('follower-replica').allInnerTexts()).toEqual([
      '1',
      '2',
    ]);
    expect(await page.getByTestId('follower-status').allInnerTexts()).toEqual([
      'up',
      'up',
    ]);
    await page.getByTestId('route-row').first().waitFor();
    const counts = await page.getByTestId('route-count').allInnerTexts();
    expect(counts.length).toBeGreaterThan(0);
    for (const count of counts)
      expect(Number(count.replace(/,/g, ''))).toBeGreaterThan(0);
    for (const reason of await page.getByTestId('route-reason').allInnerTexts())
      expect(ROUTE_REASONS).toContain(reason);
    // Live: a read made now shows in the counts within the next refresh.
    const total = async () =>
      (await page.getByTestId('route-count').allInnerTexts()).reduce(
        (sum, count) => sum + Number(count.replace(/,/g, '')),
        0,
      );
    const before = await total();
    expect((await (await api()).get('/api/analytics')).status).toBe(200);
    await waitFor(
      'the routing counts to include a new read',
      async () => (await total()) > before,
    );
    await page
      .getByRole('link', { name: 'API documentation (Swagger UI)' })
      .waitFor();
  });

  it('passes axe-core’s WCAG 2.1 AA checks (no serious or critical problems) on every page', async () => {
    const problems: string[] = [];
    for (const path of [
      '/dashboard',
      '/customers',
      `/customers/${customerId}`,
      `/customers/${customerId}/edit`,
      '/accounts',
      '/accounts/new',
      '/jobs',
      '/system',
    ]) {
      await go(path);
      await page.waitForLoadState('networkidle');
      await page.locator('main h1').first().waitFor();
      problems.push(
        ...(await accessibilityProblems(page)).map(
          (problem) => `${path}: ${problem}`,
        ),
      );
    }
    expect(problems).toEqual([]);
  });

  it('writes screenshots of every page at desktop and phone width', async () => {
    const pages: [string, string][] = [
      ['dashboard', '/dashboard'],
      ['customers', '/customers'],
      ['customer', `/customers/${customerId}`],
      ['customer-form', `/customers/${customerId}/edit`],
      ['accounts', '/accounts'],
      ['account-form', '/accounts/new'],
      ['jobs', '/jobs'],
      ['system', '/system'],
    ];
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      for (const [name, path] of pages) {
        await go(path);
        await page.waitForLoadState('networkidle');
        await page.locator('main h1').first().waitFor();
        await page.screenshot({
          path: join(SCREENSHOTS, `${name}-${label}.png`),
          fullPage: true,
        });
      }
    }
    await page.setViewportSize(DESKTOP);
  });

  it('deletes the account and the customer after confirmation', async () => {
    await go(`/customers/${customerId}`);
    await page.getByRole('button', { name: 'Delete Enterprise plan' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: 'Cancel' })
      .click();
    await expectText(page.getByTestId('account-row'), /Enterprise plan/);
    await page.getByRole('button', { name: 'Delete Enterprise plan' }).click();
    await page.getByTestId('confirm').click();
    await expectText(page.getByTestId('accounts-empty'), 'No accounts yet.');

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByTestId('confirm').click();
    await page.waitForURL(/\/customers$/);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="customer-row"]').length === 2,
    );
    expect(
      (await (await api()).get(`/api/customers/${customerId}`)).status,
    ).toBe(404);
    const totals = await dashboardMatchesApi();
    expect(totals).toMatchObject({ total_customers: 2, total_accounts: 0 });
  });

  it('signs out, and a rejected token returns to sign-in with a message', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    expect(await page.evaluate(() => localStorage.getItem('token'))).toBeNull();
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-desktop.png') });

    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectText(
      page.getByTestId('form-error'),
      'Wrong username or password.',
    );

    // A token the server no longer accepts (expired, or signed with another secret).
    await page.evaluate(() => {
      localStorage.setItem(
        'token',
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.invalid',
      );
    });
    await go('/customers');
    await page.waitForURL(/\/sign-in$/);
    await expectText(
      page.getByTestId('sign-in-notice'),
      'Your session has ended. Please sign in again.',
    );
    expect(await page.evaluate(() => localStorage.getItem('token'))).toBeNull();

    expect(await accessibilityProblems(page)).toEqual([]);
    await page.setViewportSize(PHONE);
    await page.screenshot({ path: join(SCREENSHOTS, 'sign-in-phone.png') });
    await go('/register');
    await page.getByLabel('Username').waitFor();
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'register-phone.png') });
    await page.setViewportSize(DESKTOP);
    await page.screenshot({ path: join(SCREENSHOTS, 'register-desktop.png') });
  });

  it('shows a second organization none of the first one’s data', async () => {
    const other = await signUp(new Http(base), 'other-org');
    await go('/sign-in');
    await page.getByLabel('Username').fill(other.username);
    await page.getByLabel('Password').fill('password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
    await expectText(page.getByTestId('stat-total-customers'), '0');
    await expectText(page.getByTestId('stat-total-accounts'), '0');
    await go('/customers');
    await page.getByTestId('customers-empty').waitFor();
    await go('/accounts');
    await page.getByTestId('accounts-empty').waitFor();
    const firstOrgCustomers = (
      await new Http(base).post<LoginResponseDto>('/api/auth/login', {
        username,
        password,
      })
    ).body.token;
    const [visible] = (
      await new Http(base, firstOrgCustomers).get('/api/customers')
    ).body as { id: number }[];
    await go(`/customers/${visible.id}`);
    await page.getByText('This customer does not exist.').waitFor();
  });

  it('pages through customers with "Load more" (the Link header)', async () => {
    const client = await api();
    for (let index = 0; index < 21; index += 1) {
      expect(
        (
          await client.post('/api/customers', {
            name: `Paged ${String(index).padStart(2, '0')}`,
            email: `p${index}@${uniqueName('p')}.example`,
          })
        ).status,
      ).toBe(201);
    }
    await go('/customers');
    await page.getByTestId('sort-name').click();
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="customer-row"]').length === 20,
    );
    await page.getByTestId('load-more').click();
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid="customer-row"]').length === 21,
    );
    await expectText(page.getByTestId('customer-row').last(), /^Paged 20/);
    expect(await page.getByTestId('load-more').count()).toBe(0);
  });

  it('renews an expired access token unnoticed, signs out revoked sessions, and logs out on the server', async () => {
    const user = await signUp(new Http(base), 'sessions');
    await page.evaluate(() => {
      localStorage.clear();
    });
    await go('/sign-in');
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill('password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
    const stored = () =>
      page.evaluate(() => ({
        token: localStorage.getItem('token'),
        refresh: localStorage.getItem('refresh_token'),
      }));
    const first = await stored();
    expect(first.refresh).toEqual(expect.any(String));

    // The access token is refused (as when its 15 minutes are over): the portal refreshes and carries on.
    await page.evaluate(() => {
      localStorage.setItem(
        'token',
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.expired',
      );
    });
    await go('/customers');
    await page.getByTestId('customers-empty').waitFor();
    expect(page.url()).toMatch(/\/customers$/);
    const renewed = await stored();
    expect(renewed.token).not.toMatch(/expired$/);
    expect(renewed.refresh).not.toBe(first.refresh);
    expect(
      (await new Http(base, renewed.token ?? undefined).get('/api/auth/me'))
        .status,
    ).toBe(200);

    // The session is revoked elsewhere (here: logged out by another client): the portal signs out.
    expect(
      (
        await new Http(base, renewed.token ?? undefined).post(
          '/api/auth/logout',
        )
      ).status,
    ).toBe(204);
    await go('/accounts');
    await page.waitForURL(/\/sign-in$/);
    await expectText(
      page.getByTestId('sign-in-notice'),
      'Your session has ended. Please sign in again.',
    );
    expect(await stored()).toEqual({ token: null, refresh: null });

    // Signing out in the portal revokes the session on the server, not just in the browser.
    await page.getByLabel('Username').fill(user.username);
    await page.getByLabel('Password').fill('password-123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
    const signedIn = await stored();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);
    const revoked = new Http(base, signedIn.token ?? undefined);
    for (
      let attempt = 0;
      attempt < 50 && (await revoked.get('/api/auth/me')).status === 200;
      attempt += 1
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await revoked.get('/api/auth/me')).status).toBe(401);
    expect(
      (
        await new Http(base).post('/api/auth/refresh', {
          refresh_token: signedIn.refresh,
        })
      ).status,
    ).toBe(401);
  });

  it('renders the portal and the Swagger UI at an address other than localhost over plain HTTP', async () => {
    // upgrade-insecure-requests (or HSTS) over plain HTTP made the browser fetch every script over
    // https there: ERR_SSL_PROTOCOL_ERROR and a blank page. A page of its own: a signed-out origin.
    const other = await browser.context.newPage();
    const failed: string[] = [];
    other.on('requestfailed', (request) =>
      failed.push(`${request.url()}: ${request.failure()?.errorText}`),
    );
    try {
      const origin = `http://${NOT_LOCALHOST}:${new URL(base).port}`;
      await other.goto(`${origin}/`);
      await other.waitForURL(/\/sign-in/);
      await expectText(other.getByRole('heading', { level: 1 }), 'Sign in');
      await other.getByRole('button', { name: 'Sign in' }).waitFor();

      await other.goto(`${origin}/swagger`);
      await expectText(
        other.locator('.swagger-ui .info .title'),
        /^SaaS leader\/follower API/,
      );
      await other
        .locator('.opblock-summary-path', { hasText: '/api/customers' })
        .first()
        .waitFor();
      expect(failed).toEqual([]);
    } finally {
      await other.close();
    }
  });
});

describe('the demo data in Chromium', () => {
  let database: OwnDatabase | undefined;
  let testApp: TestApp | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    // The seed fills only an empty database: one of the suite's own, with SEED_DATA on.
    database = await createOwnDatabase('portal_demo');
    testApp = await startTestApp({ ...database.env, SEED_DATA: 'true' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await stopAll(browser, testApp);
    await database?.drop();
  });

  it('shows the demo login on the sign-in page (filling in nothing), signs in with it, and draws 90 days of history', async () => {
    if (!browser || !testApp) throw new Error('beforeAll did not finish');
    const { page } = browser;
    const base = testApp.baseUrl;
    await page.goto(`${base}/sign-in`);
    await expectText(
      page.getByTestId('demo-login'),
      'Demo login: admin / admin123',
    );
    expect(await page.title()).toBe('Sign in · Ledgerline Admin');
    expect(await page.getByLabel('Username').inputValue()).toBe('');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.screenshot({
      path: join(SCREENSHOTS, 'sign-in-demo-desktop.png'),
    });

    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('admin123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
    await expectText(
      page.getByTestId('current-user'),
      'Signed in as admin · Admin',
    );
    await page.getByLabel('Period').selectOption('90');
    await expectText(
      page.locator('#growth-chart-title'),
      'Growth, last 90 days',
    );
    // 90 days of the seed's history: from nobody to its 50 customers and 109 accounts, with the
    // deletions on past days.
    const chart = page.locator('canvas[aria-label^="Line chart from"]');
    await waitFor('the 90-day growth chart', async () =>
      /customers from 0 to 50, accounts from 0 to 109, active accounts from 0 to \d+; 3 customers and \d+ accounts deleted$/.test(
        (await chart.getAttribute('aria-label')) ?? '',
      ),
    );
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      await page.setViewportSize(viewport);
      await page.screenshot({
        path: join(SCREENSHOTS, `dashboard-demo-${label}.png`),
        fullPage: true,
      });
    }
    await page.setViewportSize(DESKTOP);
  });
});
