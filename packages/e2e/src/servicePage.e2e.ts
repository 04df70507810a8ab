import type { Page } from 'playwright-core';
import { APP_URL, saveDocScreenshot, signInAsGuest } from './browser';
import { meshGet, waitForDemoData } from './backend';
import {
  WEB_FRONTEND_NEIGHBOURS,
  WEB_FRONTEND_PLACEMENTS,
} from './demoPosture';
import { infoCard, openPopover, rowLines } from './ui';
import { withSession } from './withSession';

/** The parts of the entity answer these tests compare with the page. */
interface EntityMesh {
  workloads: Array<{
    id: string;
    cluster: string;
    namespace: string;
    name: string;
    replicas: { ready: number; desired?: number; current: number };
    mtls: { ports: Array<{ port: number; name?: string }> };
  }>;
  findings: unknown[];
}

let token: string;

beforeAll(async () => {
  token = await waitForDemoData();
});

async function openMeshTab(page: Page): Promise<void> {
  await signInAsGuest(page);
  await page.goto(`${APP_URL}/catalog/default/component/web-frontend/mesh`);
  await page
    .getByRole('table', { name: 'Placement' })
    .waitFor({ timeout: 60_000 });
}

describe('the service page of web-frontend', () => {
  it('shows placement in both clusters, membership, mTLS per port and the deciding policy', () =>
    withSession('service page placement', async ({ page }) => {
      const api = await meshGet<EntityMesh>(
        '/entity/default/component/web-frontend',
        token,
      );
      await openMeshTab(page);
      // One row per workload the backend knows.
      const rows = page.locator('[data-testid^="mesh-placement-"]');
      await expect(rows.count()).resolves.toBe(api.workloads.length);

      for (const intended of WEB_FRONTEND_PLACEMENTS) {
        const workload = api.workloads.find(w => w.id === intended.id);
        // The backend agrees with the demo's intended placement...
        expect(workload).toMatchObject({
          cluster: intended.cluster,
          namespace: intended.namespace,
          name: intended.workload,
        });
        // ...and the page shows it.
        const row = page.getByTestId(`mesh-placement-${intended.id}`);
        const lines = await rowLines(row);
        const replicas = `${workload!.replicas.ready}/${
          workload!.replicas.desired ?? workload!.replicas.current
        }`;
        expect(replicas).toBe(intended.replicas);
        expect(lines).toEqual(
          expect.arrayContaining([
            intended.cluster,
            intended.namespace,
            intended.workload,
            'Deployment',
            replicas,
          ]),
        );
        // Membership chip, with its reason for screen readers.
        await row.getByText(intended.membership, { exact: true }).waitFor();
        const chipLabel = await row
          .locator(`[aria-label^="${intended.membership}:"]`)
          .getAttribute('aria-label');
        expect(chipLabel).toMatch(/sidecar/i);

        // mTLS per port: every port of the answer, with the intended mode.
        for (const port of workload!.mtls.ports) {
          const portBox = page.getByTestId(
            `mesh-port-${intended.id}-${port.port}`,
          );
          await expect(portBox.innerText()).resolves.toContain(
            String(port.port),
          );
          await portBox.getByText(intended.mode, { exact: true }).waitFor();
        }

        // "Why?" names the deciding PeerAuthentication and its scope.
        const firstPort = workload!.mtls.ports[0].port;
        await row
          .getByRole('button', {
            name: `Why ${intended.mode} on port ${firstPort}?`,
          })
          .click();
        const popover = openPopover(page);
        await popover.waitFor();
        const why = await popover.innerText();
        expect(why).toContain(`${intended.mode} on port ${firstPort}`);
        expect(why).toContain(`Decided by: ${intended.decidedBy}`);
        expect(why).toContain(`Scope: ${intended.scope}`);
        if (intended.cluster === 'platform') {
          await saveDocScreenshot(page, 'mesh-tab-why');
        }
        await page.keyboard.press('Escape');
        await popover.waitFor({ state: 'hidden' });
      }
    }));

  it("draws the traffic graph with labelled nodes and edges, and a node opens its details, whose link lands on the neighbour's Mesh tab at the top", () =>
    withSession('service page traffic graph', async ({ page }) => {
      await openMeshTab(page);
      const traffic = infoCard(page, 'Traffic');
      // Nodes are buttons named "<title>, <workload> · <namespace>@<cluster>".
      for (const title of ['Web frontend', ...WEB_FRONTEND_NEIGHBOURS]) {
        await traffic
          .getByRole('button', { name: new RegExp(`^${title}, .*@platform`) })
          .first()
          .waitFor({ timeout: 60_000 });
      }
      // Edge labels carry the rate, the mTLS share and the protocol.
      const texts = await traffic.locator('svg text').allTextContents();
      expect(texts).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^\d+(\.\d+)? req\/s · [\d.<>]+% errors · p95 /,
          ),
          'mTLS 100%',
          'HTTP',
        ]),
      );

      await saveDocScreenshot(page, 'mesh-tab');
      await saveDocScreenshot(page, 'mesh-tab-traffic', { element: traffic });

      // A click on a neighbour opens its details on this page; their link
      // lands on the neighbour's Mesh tab, at the top.
      await traffic
        .getByRole('button', { name: /^Public API, / })
        .first()
        .click();
      const drawer = page.getByRole('dialog');
      await drawer
        .getByRole('heading', { name: 'Public API' })
        .waitFor({ timeout: 30_000 });
      await page.waitForURL(/[?&]node=/);
      await drawer
        .getByRole('link', { name: 'Open the Mesh tab of Public API' })
        .click();
      await page.waitForURL(
        /\/catalog\/default\/component\/public-api\/mesh$/,
        {
          timeout: 30_000,
        },
      );
      await page
        .getByRole('table', { name: 'Placement' })
        .waitFor({ timeout: 60_000 });
      await expect(page.evaluate(() => window.scrollY)).resolves.toBe(0);
    }));

  it('shows the overview card with membership, mTLS and findings', () =>
    withSession('service overview card', async ({ page }) => {
      const api = await meshGet<EntityMesh>(
        '/entity/default/component/web-frontend',
        token,
      );
      await signInAsGuest(page);
      await page.goto(`${APP_URL}/catalog/default/component/web-frontend`);
      const card = infoCard(page, 'Service mesh');
      // Per cluster a heading, then each workload's membership and mTLS.
      for (const intended of WEB_FRONTEND_PLACEMENTS) {
        const line = card.getByTestId(`mesh-card-workload-${intended.id}`);
        await line.waitFor({ timeout: 60_000 });
        await expect(line.innerText()).resolves.toContain(
          `${intended.namespace}/${intended.workload}`,
        );
        await line.getByText(intended.membership, { exact: true }).waitFor();
        await line.getByText(intended.mode, { exact: true }).waitFor();
        await card
          .getByRole('heading', { name: new RegExp(`^${intended.cluster}`) })
          .waitFor();
      }
      // Observed inbound mTLS share from Prometheus.
      await card.getByText(/^mTLS \d/).waitFor({ timeout: 30_000 });
      // Findings: "No findings" exactly when the backend has none.
      await card.getByRole('heading', { name: 'Findings' }).waitFor();
      await expect(
        card.getByText('No findings', { exact: true }).count(),
      ).resolves.toBe(api.findings.length === 0 ? 1 : 0);
      // The link into the tab.
      await card.getByText('Open the Mesh tab').waitFor();
      await saveDocScreenshot(page, 'mesh-card', { element: card });
    }));
});
