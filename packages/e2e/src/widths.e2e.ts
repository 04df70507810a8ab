import type { Locator, Page } from 'playwright-core';
import { APP_URL, saveDocScreenshot, signInAsGuest } from './browser';
import { waitForDemoData } from './backend';
import { drawnTheme, findLayoutProblems } from './layoutCheck';
import { infoCard } from './ui';
import { withSession } from './withSession';

/*
 * Issue 18 item 5: the card, the Mesh tab, the audit and the explorer are
 * usable at 1024 px and 1440 px, in the light and the dark theme. Each view is
 * opened at each width and theme, measured for clipped chips and labels and
 * for graph text too small to read, and photographed for the docs.
 */

interface View {
  name: string;
  path: string;
  /** Waits until the view has its data, and returns the part to check. */
  ready(page: Page): Promise<Locator>;
}

const VIEWS: View[] = [
  {
    name: 'card',
    path: '/catalog/default/component/web-frontend',
    async ready(page) {
      const card = infoCard(page, 'Service mesh');
      await card
        .locator('[data-testid^="mesh-card-workload-"]')
        .first()
        .waitFor({ timeout: 60_000 });
      await card.getByText(/^mTLS \d/).waitFor({ timeout: 30_000 });
      return card;
    },
  },
  {
    name: 'tab',
    path: '/catalog/default/component/web-frontend/mesh',
    async ready(page) {
      await page
        .getByRole('table', { name: 'Placement' })
        .waitFor({ timeout: 60_000 });
      await page.getByTestId('mesh-traffic-graph').waitFor({ timeout: 60_000 });
      return page.locator('main');
    },
  },
  {
    name: 'audit',
    path: '/mesh/audit',
    async ready(page) {
      await page
        .getByRole('table', { name: 'Workloads' })
        .getByTestId('audit-row')
        .first()
        .waitFor({ timeout: 60_000 });
      await page
        .getByTestId('coverage-history-chart')
        .waitFor({ timeout: 60_000 });
      return page.locator('main');
    },
  },
  {
    name: 'explorer',
    path: '/mesh/explorer',
    async ready(page) {
      await page.getByTestId('mesh-graph').waitFor({ timeout: 60_000 });
      await page.getByTestId('mesh-node').first().waitFor({ timeout: 60_000 });
      return page.locator('main');
    },
  },
];

const WIDTHS = [1024, 1440] as const;
const THEMES = ['light', 'dark'] as const;

/**
 * The documentation shots: each view at both widths, the narrow one in the
 * dark theme so both themes are on record without doubling the files.
 */
const SHOT_THEME: Record<(typeof WIDTHS)[number], (typeof THEMES)[number]> = {
  1024: 'dark',
  1440: 'light',
};

beforeAll(async () => {
  await waitForDemoData();
});

describe.each(THEMES)('in the %s theme', theme => {
  it.each(WIDTHS)(
    'at %i px, the card, Mesh tab, audit and explorer clip no chip or label and draw graph text readably',
    width =>
      withSession(`widths ${theme} ${width}`, async ({ page }) => {
        await page.setViewportSize({ width, height: 900 });
        // Backstage keeps the chosen theme in localStorage under "theme".
        await page.addInitScript(themeId => {
          window.localStorage.setItem('theme', themeId);
        }, theme);
        await signInAsGuest(page);
        const found: string[] = [];
        for (const view of VIEWS) {
          await page.goto(`${APP_URL}${view.path}`);
          const root = await view.ready(page);
          await expect(drawnTheme(page)).resolves.toBe(theme);
          // Fonts and the graph's first layout settle before measuring.
          await page.evaluate(() => document.fonts.ready);
          await page.waitForTimeout(500);
          for (const problem of await findLayoutProblems(root)) {
            found.push(`${view.name}: ${problem.what}: ${problem.why}`);
          }
          if (view.name === 'explorer') {
            // At the default zoom the node labels are drawn, not hidden.
            const labels = page.locator('[data-testid="mesh-node"] text');
            const shown = await labels.evaluateAll(
              texts =>
                texts.filter(t => getComputedStyle(t).display !== 'none')
                  .length,
            );
            if (shown === 0) found.push('explorer: every node label hidden');
          }
          if (SHOT_THEME[width] === theme) {
            await saveDocScreenshot(
              page,
              `width-${width}-${theme}-${view.name}`,
            );
          }
        }
        expect(found).toEqual([]);
      }),
  );
});
