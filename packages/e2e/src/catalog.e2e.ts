import { signInAsGuest, saveDocScreenshot } from './browser';
import { withSession } from './withSession';

describe('the demo portal', () => {
  it('signs in as guest and lists the demo services in the catalog', () =>
    withSession('catalog after guest sign-in', async ({ page }) => {
      await signInAsGuest(page);
      await page.getByText('web-frontend').first().waitFor({ timeout: 60_000 });
      await expect(
        page.getByText('pipeline-scheduler').count(),
      ).resolves.toBeGreaterThan(0);
      await saveDocScreenshot(page, 'catalog');
    }));
});
