import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  chromium,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';

/** Debian's Chromium (never a Playwright browser download). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const INSTALL_CHROMIUM =
  'apt-get update && apt-get install -y --no-install-recommends chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-results', 'portal');

/** Resolves to 127.0.0.1 in the test browser (see the launch arguments). */
export const NOT_LOCALHOST = 'portal.test';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** One Chromium per suite, in a fresh profile, headless. Fails (never skips) when Chromium is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; the browser tests need it. Install it with: ${INSTALL_CHROMIUM}`,
    );
  }
  const profile = mkdtempSync(join(tmpdir(), 'portal-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // A name that is not localhost (browsers exempt localhost from upgrade-insecure-requests and HSTS)
      // for the loopback address: the portal as reached at http://<machine-ip>:3000.
      `--host-resolver-rules=MAP ${NOT_LOCALHOST} 127.0.0.1`,
    ],
    viewport: DESKTOP,
    locale: 'en-US',
    timezoneId: 'UTC',
  });
  context.setDefaultTimeout(10_000);
  const page = context.pages()[0] ?? (await context.newPage());
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the locator's trimmed text equals `expected` (the page updates asynchronously). */
export async function expectText(
  locator: Locator,
  expected: string | RegExp,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen: string | null;
  for (;;) {
    seen =
      (
        await locator
          .first()
          .innerText({ timeout: timeoutMs })
          .catch(() => null)
      )
        ?.replace(/\s+/g, ' ')
        .trim() ?? null;
    if (
      seen !== null &&
      (typeof expected === 'string' ? seen === expected : expected.test(seen))
    )
      return;
    if (Date.now() > deadline)
      throw new Error(
        `expected ${locator.toString()} to have text ${String(expected)}, last seen: ${JSON.stringify(seen)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (WCAG 2.1 A/AA rules: labels, names, contrast, landmarks, ARIA) on the current
 * page and answers the serious and critical violations, one line each.
 */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({
      path: createRequire(__filename).resolve('axe-core/axe.min.js'),
    });
  }
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{ violations: AxeViolation[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
      },
    });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map(({ target }) => ({ target: target.map(String) })),
    }));
  });
  return violations
    .filter(
      (violation) =>
        violation.impact === 'serious' || violation.impact === 'critical',
    )
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}
