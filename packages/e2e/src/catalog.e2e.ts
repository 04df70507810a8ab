import { saveDocScreenshot, signInAsGuest } from './browser';
import { waitForDemoData } from './backend';
import { withSession } from './withSession';

beforeAll(async () => {
  await waitForDemoData();
});

describe('the demo portal', () => {
  it('signs in as guest and lists the demo services in the catalog', () =>
    withSession('catalog after guest sign-in', async ({ page }) => {
      await signInAsGuest(page);
      // The guest belongs to team-platform, so the catalog opens on "Owned".
      await page.getByText('Owned', { exact: true }).waitFor();
      await page.getByText('All', { exact: true }).click();
      const table = page.getByRole('table');
      for (const title of ['Web frontend', 'Pipeline scheduler']) {
        await table
          .getByRole('link', { name: title, exact: true })
          .waitFor({ timeout: 60_000 });
      }
      await expect(table.getByRole('row').count()).resolves.toBeGreaterThan(10);
      await saveDocScreenshot(page, 'catalog');
    }));
});
