import type { Page } from 'playwright-core';
import { APP_URL, saveDocScreenshot, signInAsGuest } from './browser';
import { meshGet, waitForDemoData } from './backend';
import { infoCard } from './ui';
import { withSession } from './withSession';

/** The demo's failing edge (mesh-demo README): 100 % 503 `UC`, source only. */
const FAILING_SOURCE = 'platform/frontend/Deployment/web-frontend';
const FAILING_TARGET = 'platform/observability/Deployment/metrics-service';

interface EdgeDetail {
  responses: Array<{ code: string; flags: string; reporter: string }>;
}
interface EntityMesh {
  workloads: Array<{ id: string }>;
  findings: Array<{ message: string; workloads?: string[] }>;
}

let token: string;

beforeAll(async () => {
  token = await waitForDemoData();
});

async function openWebFrontendTab(page: Page, search = ''): Promise<void> {
  await signInAsGuest(page);
  await page.goto(
    `${APP_URL}/catalog/default/component/web-frontend/mesh${search}`,
  );
  await page
    .getByRole('table', { name: 'Placement' })
    .waitFor({ timeout: 60_000 });
}

const failingEdgeLabel = (page: Page) =>
  infoCard(page, 'Traffic').getByRole('button', {
    name: /^Traffic details, Web frontend \(platform\) to Metrics service \(platform\), HTTP$/,
  });

describe('the detail drawer', () => {
  it("shows the failing edge's 503 UC with the flag's meaning, and the destination's findings", () =>
    withSession('drawer failing edge', async ({ page }) => {
      // The backend's own answer first: the demo's edge fails with 503 UC.
      const detail = await meshGet<EdgeDetail>(
        `/edge?source=${encodeURIComponent(
          FAILING_SOURCE,
        )}&destination=${encodeURIComponent(FAILING_TARGET)}`,
        token,
      );
      expect(detail.responses).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            code: '503',
            flags: 'UC',
            reporter: 'source',
          }),
        ]),
      );

      await openWebFrontendTab(page);
      const label = failingEdgeLabel(page);
      await label.waitFor({ timeout: 60_000 });
      // By keyboard: the label is a focusable button.
      await label.focus();
      await page.keyboard.press('Enter');
      const drawer = page.getByRole('dialog');
      await drawer
        .getByRole('heading', { name: 'Web frontend → Metrics service' })
        .waitFor({ timeout: 30_000 });
      const failing = drawer
        .getByTestId('mesh-edge-response')
        .filter({ hasText: '503' });
      await failing.waitFor({ timeout: 30_000 });
      await expect(failing.innerText()).resolves.toMatch(
        /UC Upstream connection closed: .*STRICT server refusing plaintext/,
      );
      await expect(failing.innerText()).resolves.toContain(
        'seen by the client only',
      );
      await drawer.getByTestId('mesh-edge-sparkline').waitFor();
      await page.waitForURL(/edgeSource=.*edgeTarget=/);
      await saveDocScreenshot(page, 'mesh-drawer-edge');

      // The server's node: its findings, as the backend counts them for it.
      const mesh = await meshGet<EntityMesh>(
        '/entity/default/component/metrics-service',
        token,
      );
      const own = mesh.findings.filter(
        f => !f.workloads || f.workloads.includes(FAILING_TARGET),
      );
      expect(own.length).toBeGreaterThan(0);
      await drawer
        .getByRole('button', { name: 'Server: Metrics service' })
        .click();
      await drawer
        .getByRole('heading', { name: 'Metrics service' })
        .waitFor({ timeout: 30_000 });
      await drawer
        .getByText(`Findings (${own.length})`, { exact: true })
        .waitFor({ timeout: 30_000 });
      await drawer.getByText(own[0].message).first().waitFor();
      await saveDocScreenshot(page, 'mesh-drawer-node');

      // Back returns to the edge, Escape closes the drawer.
      await page.goBack();
      await drawer
        .getByRole('heading', { name: 'Web frontend → Metrics service' })
        .waitFor({ timeout: 30_000 });
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });
      await expect(page.url()).not.toContain('edgeSource');
    }));

  it('keeps window, view and the selection in the URL: reload keeps them, Back undoes one change at a time', () =>
    withSession('drawer url state', async ({ page }) => {
      await openWebFrontendTab(page);
      const traffic = infoCard(page, 'Traffic');
      await traffic.getByTestId('mesh-traffic-shown').waitFor({
        timeout: 60_000,
      });
      await traffic.getByLabel('Window').click();
      await page.getByRole('option', { name: 'Last 1h' }).click();
      await page.waitForURL(/[?&]window=1h/);
      await traffic.getByRole('button', { name: 'Services' }).click();
      await page.waitForURL(/[?&]view=service/);
      await expect(
        traffic.getByTestId('mesh-traffic-shown').innerText(),
      ).resolves.toMatch(/last 1h · services/);

      // A reload shows the same graph.
      await page.reload();
      await traffic.getByTestId('mesh-traffic-shown').waitFor({
        timeout: 60_000,
      });
      await expect(
        traffic.getByTestId('mesh-traffic-shown').innerText(),
      ).resolves.toMatch(/last 1h · services/);

      // Back: the view, then the window.
      await page.goBack();
      await page.waitForURL(url => !url.search.includes('view=service'));
      await expect(
        traffic.getByTestId('mesh-traffic-shown').innerText(),
      ).resolves.toMatch(/last 1h · workloads/);
      await page.goBack();
      await page.waitForURL(url => !url.search.includes('window=1h'));
      await expect(
        traffic.getByTestId('mesh-traffic-shown').innerText(),
      ).resolves.toMatch(/last 5m · workloads/);
    }));
});
