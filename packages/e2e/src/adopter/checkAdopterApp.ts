/*
 * The browser half of the adopter test (scripts/adopter-test.sh): in the app
 * that create-app made and the README's install section extended, signs in
 * as guest and checks that the Mesh tab of web-frontend, the audit page and
 * the explorer show real data from the simulated clusters.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     src/adopter/checkAdopterApp.ts <legacy|nfs> <artefact dir>
 *
 * Not a Jest test on purpose: it runs against another app than the demo, so
 * the e2e suite (`*.e2e.ts`) must not pick it up.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { APP_URL, openSession } from '../browser';

type Variant = 'legacy' | 'nfs';

/** Long enough for a dev server's first compile of a page on a busy machine. */
const SLOW = 180_000;

function step(message: string): void {
  process.stdout.write(`[adopter-check] ${message}\n`);
}

/**
 * Enters as guest on create-app's sign-in page. Unlike the demo's helper, it
 * does not expect /catalog afterwards: the new-system app lands on its home.
 */
async function signInAsGuest(page: Page): Promise<void> {
  await page.goto(APP_URL);
  const enter = page.getByRole('button', { name: /enter/i });
  await enter.waitFor({ timeout: SLOW });
  await enter.click();
  await enter.waitFor({ state: 'detached', timeout: SLOW });
}

async function checkMeshTab(page: Page): Promise<void> {
  await page.goto(`${APP_URL}/catalog/default/component/web-frontend`);
  // The overview card (EntityMeshCard / entity-card:mesh/overview).
  await page
    .getByText('Service mesh', { exact: true })
    .first()
    .waitFor({ timeout: SLOW });
  step('overview: the "Service mesh" card is there');
  // The tab (EntityMeshContent / entity-content:mesh/mesh), opened by its link.
  // A tab in the legacy entity page, a link in the new system's.
  await page
    .getByRole('tab', { name: 'Mesh', exact: true })
    .or(page.getByRole('link', { name: 'Mesh', exact: true }))
    .first()
    .click();
  await page.waitForURL(/\/catalog\/default\/component\/web-frontend\/mesh/);
  const placement = page.getByRole('table', { name: 'Placement' });
  // The first refresh of both clusters may still be running.
  await placement.waitFor({ timeout: SLOW });
  await placement
    .getByText('platform', { exact: true })
    .first()
    .waitFor({ timeout: SLOW });
  await placement
    .getByText(/^(STRICT|PERMISSIVE)$/)
    .first()
    .waitFor({ timeout: SLOW });
  const rows = await page.locator('[data-testid^="mesh-placement-"]').count();
  if (rows === 0) throw new Error('the Placement table has no workload rows');
  step(`Mesh tab: ${rows} workload rows, cluster "platform", an mTLS chip`);
}

async function openPage(
  page: Page,
  variant: Variant,
  label: string,
  url: string,
) {
  if (variant === 'legacy') {
    // The sidebar entries the README adds to Root.tsx.
    await page.getByRole('link', { name: label }).first().click();
    await page.waitForURL(new RegExp(`${url}`), { timeout: SLOW });
  } else {
    // The new system's pages are reached by their paths.
    await page.goto(`${APP_URL}${url}`);
  }
}

async function checkAudit(page: Page, variant: Variant): Promise<void> {
  await openPage(page, variant, 'Mesh audit', '/mesh/audit');
  await page
    .getByRole('table', { name: 'Workloads' })
    .waitFor({ timeout: SLOW });
  const rows = page.getByTestId('audit-row');
  await rows.first().waitFor({ timeout: SLOW });
  step(`audit: ${await rows.count()} workload rows`);
}

async function checkExplorer(page: Page, variant: Variant): Promise<void> {
  await openPage(page, variant, 'Mesh explorer', '/mesh/explorer');
  await page.getByTestId('mesh-graph').waitFor({ timeout: SLOW });
  const nodes = page.getByTestId('mesh-node');
  await nodes.first().waitFor({ timeout: SLOW });
  step(`explorer: ${await nodes.count()} nodes`);
}

async function main(): Promise<void> {
  const variant = process.argv[2] as Variant;
  const artefacts = process.argv[3];
  if (!['legacy', 'nfs'].includes(variant) || !artefacts) {
    throw new Error('usage: checkAdopterApp.ts <legacy|nfs> <artefact dir>');
  }
  fs.mkdirSync(artefacts, { recursive: true });
  const session = await openSession();
  const shot = (name: string) =>
    session.page.screenshot({
      path: path.join(artefacts, `${variant}-${name}.png`),
      fullPage: true,
    });
  let current = 'sign-in';
  try {
    await signInAsGuest(session.page);
    step(`signed in as guest at ${APP_URL}`);
    current = 'mesh-tab';
    await checkMeshTab(session.page);
    await shot(current);
    current = 'audit';
    await checkAudit(session.page, variant);
    await shot(current);
    current = 'explorer';
    await checkExplorer(session.page, variant);
    await shot(current);
    step(`${variant}: all checks passed`);
  } catch (error) {
    await shot(`${current}-FAILED`).catch(() => undefined);
    fs.writeFileSync(
      path.join(artefacts, `${variant}-${current}-FAILED.console.log`),
      session.consoleLines.join('\n'),
    );
    step(
      `${variant}: FAILED at "${current}"; screenshot and browser console in ${artefacts}`,
    );
    throw error;
  } finally {
    await session.close();
  }
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
