import fs from 'node:fs';
import path from 'node:path';
import {
  chromium,
  Browser,
  BrowserContext,
  Locator,
  Page,
} from 'playwright-core';

/** Where the portal under test runs. */
export const APP_URL = process.env.MESH_E2E_APP_URL ?? 'http://localhost:3000';

/**
 * Repository root, for screenshots (docs/) and failure artefacts
 * (test-results/). The tests run from packages/e2e (yarn workspace).
 */
export const REPO_ROOT = path.resolve(process.cwd(), '../..');

const CHROMIUM = process.env.MESH_CHROMIUM ?? '/usr/bin/chromium';

/**
 * A browser session that records the page's console, so a failing test can
 * leave a screenshot and the console log behind.
 */
export interface Session {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  consoleLines: string[];
  close(): Promise<void>;
}

/**
 * Starts Debian's Chromium headless with the flags this machine needs (no
 * sandbox as root, no GPU, no background networking: the network is closed)
 * and a fresh profile.
 */
export async function openSession(): Promise<Session> {
  // Playwright gives every launch a fresh, temporary profile of its own.
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
  });
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', msg => consoleLines.push(`[${msg.type()}] ${msg.text()}`));
  page.on('pageerror', err => consoleLines.push(`[pageerror] ${err.message}`));
  return {
    browser,
    context,
    page,
    consoleLines,
    async close() {
      await browser.close();
    },
  };
}

const BACKEND_URL_FOR_SIGN_IN =
  process.env.MESH_E2E_BACKEND_URL ?? 'http://localhost:7007';

async function backendReady(): Promise<boolean> {
  try {
    const res = await fetch(
      `${BACKEND_URL_FOR_SIGN_IN}/.backstage/health/v1/readiness`,
    );
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Opens the portal and enters as the guest user. The dev backend restarts
 * itself when source files change, so a sign-in that meets a restarting
 * backend waits for it to be ready and tries again.
 */
export async function signInAsGuest(page: Page): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      await page.goto(APP_URL);
      const enter = page.getByRole('button', { name: /enter/i });
      // The sign-in page is skipped when the session is still signed in.
      // Both settle without rejecting, so the loser leaves no stray error.
      await Promise.race([
        enter.waitFor({ timeout: 60_000 }).catch(() => undefined),
        page
          .waitForURL(/\/catalog/, { timeout: 60_000 })
          .catch(() => undefined),
      ]);
      if (await enter.isVisible()) {
        await enter.click();
      }
      await page.waitForURL(/\/catalog/, { timeout: 30_000 });
      return;
    } catch (error) {
      lastError = error;
      const deadline = Date.now() + 180_000;
      while (!(await backendReady()) && Date.now() < deadline) {
        await new Promise(resolve => setTimeout(resolve, 2_000));
      }
    }
  }
  throw lastError;
}

/**
 * Saves a screenshot and the console log of a failed test under
 * `test-results/`, named after the test.
 */
export async function saveFailureArtefacts(
  session: Session,
  testName: string,
): Promise<void> {
  const dir = path.join(REPO_ROOT, 'test-results');
  fs.mkdirSync(dir, { recursive: true });
  const base = testName.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  await session.page
    .screenshot({ path: path.join(dir, `${base}.png`), fullPage: true })
    .catch(() => undefined);
  fs.writeFileSync(
    path.join(dir, `${base}.console.log`),
    session.consoleLines.join('\n'),
  );
}

/**
 * Saves a documentation screenshot into `docs/screenshots/<name>.png`: the
 * viewport (1440x900), the full page, or one element (cropped to it; the
 * viewport grows for the shot when the element is taller).
 */
export async function saveDocScreenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean; element?: Locator } = {},
): Promise<string> {
  const dir = path.join(REPO_ROOT, 'docs', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  // Let fonts, transitions and the graph's layout settle before the shot.
  await page.evaluate(() => document.fonts.ready);
  if (options.element) {
    // The app scrolls inside its own container, not the window: an element
    // taller than the viewport would be cut off (or the shot taken of the
    // page's top), so the viewport grows to hold it for the shot.
    const viewport = page.viewportSize();
    const box = await options.element.boundingBox();
    const grow = viewport && box && box.height + 160 > viewport.height;
    if (grow) {
      await page.setViewportSize({
        width: viewport.width,
        height: Math.ceil(box.height) + 160,
      });
    }
    try {
      await options.element.scrollIntoViewIfNeeded();
      await options.element.screenshot({ path: file, animations: 'disabled' });
    } finally {
      if (grow) await page.setViewportSize(viewport);
    }
  } else {
    await page.screenshot({
      path: file,
      fullPage: options.fullPage ?? false,
      animations: 'disabled',
    });
  }
  return file;
}
