import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { csvRecords } from '@mesh-portal/plugin-mesh-common';
import type {
  EntityReadinessResponse,
  ReadinessAuditResponse,
} from '@mesh-portal/plugin-mesh-common';
import { APP_URL, saveDocScreenshot, signInAsGuest } from './browser';
import { meshGet, waitForDemoData } from './backend';
import { infoCard } from './ui';
import { withSession } from './withSession';

/**
 * The demo's four STRICT-readiness cases (packages/mesh-demo/README.md):
 * the backend's verdict is checked against the intended one, and the page
 * against the backend.
 */
const CASES = [
  {
    entity: 'spark-driver',
    workloadId: 'compute/spark/Deployment/spark-driver',
    state: 'ready',
    chip: 'Ready for STRICT',
  },
  {
    entity: 'metrics-service',
    workloadId: 'platform/observability/Deployment/metrics-service',
    state: 'blocked',
    chip: 'Blocked by 1 caller',
  },
  {
    entity: 'spark-executor',
    workloadId: 'compute/spark/Job/spark-executor',
    state: 'ready',
    chip: 'Ready for STRICT',
  },
  {
    entity: 'web-frontend',
    workloadId: 'compute/frontend/Deployment/web-frontend',
    state: 'unknown',
    chip: 'Unknown: no traffic',
  },
] as const;

let token: string;

beforeAll(async () => {
  token = await waitForDemoData();
});

async function readinessCard(page: Page, entity: string) {
  await signInAsGuest(page);
  await page.goto(`${APP_URL}/catalog/default/component/${entity}/mesh`);
  const card = infoCard(page, 'STRICT readiness');
  await card.getByTestId('mesh-readiness').waitFor({ timeout: 120_000 });
  return card;
}

describe('STRICT readiness', () => {
  it('the backend gives the demo its four cases, with the reasons and the proposals', async () => {
    for (const c of CASES) {
      const answer = await meshGet<EntityReadinessResponse>(
        `/readiness/entity/default/component/${c.entity}`,
        token,
      );
      const workload = answer.workloads.find(
        w => w.workloadId === c.workloadId,
      );
      expect({ id: c.workloadId, state: workload?.state }).toEqual({
        id: c.workloadId,
        state: c.state,
      });
      expect(answer.window).toBe('7d');
    }
    const blocked = await meshGet<EntityReadinessResponse>(
      '/readiness/entity/default/component/metrics-service',
      token,
    );
    expect(blocked.workloads[0].blockers).toEqual([
      expect.objectContaining({
        workload: 'legacy-reporting',
        reason: 'out-of-mesh',
      }),
    ]);
    const scraped = await meshGet<EntityReadinessResponse>(
      '/readiness/entity/default/component/spark-executor',
      token,
    );
    expect(scraped.workloads[0]).toMatchObject({
      portExceptions: [9090],
      scrapers: [
        expect.objectContaining({ workload: 'prometheus', reason: 'scraper' }),
      ],
      blockers: [],
    });
    expect(scraped.workloads[0].proposal?.yaml).toContain('"9090":');
  });

  it('the service page shows each case: verdict, callers with why and what to do, YAML and kubectl line', () =>
    withSession('readiness panel', async ({ page }) => {
      const commands: Record<string, number> = {};
      for (const c of CASES) {
        const card = await readinessCard(page, c.entity);
        const row = card.getByTestId(`mesh-readiness-${c.workloadId}`);
        await row.getByText(c.chip, { exact: true }).waitFor();
        if (c.state === 'ready') {
          const proposal = row.getByTestId(
            `mesh-readiness-proposal-${c.workloadId}`,
          );
          await proposal
            .getByText('kind: PeerAuthentication')
            .first()
            .waitFor();
          await proposal
            .getByText(/^kubectl --context compute apply -f strict-spark-/)
            .waitFor();
        }
        if (c.entity === 'metrics-service') {
          const callers = row.getByTestId(
            `mesh-readiness-blockers-${c.workloadId}`,
          );
          await callers
            .getByText('platform/reporting/legacy-reporting', { exact: true })
            .waitFor();
          await callers.getByText('Out of the mesh', { exact: true }).waitFor();
          await callers
            .getByText(/^Inject a sidecar into reporting\/legacy-reporting/)
            .waitFor();
          await saveDocScreenshot(page, 'mesh-readiness-blocked', {
            element: card,
          });
        }
        if (c.entity === 'spark-executor') {
          await row
            .getByText(
              /Metrics scrapers on port 9090 keep a PERMISSIVE port exception/,
            )
            .waitFor();
          await row
            .getByTestId(`mesh-readiness-scrapers-${c.workloadId}`)
            .getByText('compute/monitoring/prometheus', { exact: true })
            .waitFor();
          await saveDocScreenshot(page, 'mesh-readiness-ready', {
            element: row,
          });
        }
        // A kubectl line only where the workload is ready. Counted last: the
        // code snippet highlights after the chip renders, so a count taken
        // as soon as the chip shows can miss the line on a busy machine.
        commands[c.entity] = await row.getByText(/^kubectl /).count();
      }
      expect(commands).toEqual({
        'spark-driver': 1,
        'metrics-service': 0,
        'spark-executor': 1,
        'web-frontend': 0,
      });
    }));

  it('the audit page lists what is ready to tighten, by team and namespace, what blocks the rest, and exports it', () =>
    withSession('ready to tighten', async ({ page }) => {
      const api = await meshGet<ReadinessAuditResponse>(
        '/readiness/audit',
        token,
      );
      const count = (state: string) =>
        api.workloads.filter(w => w.state === state).length;
      for (const c of CASES) {
        expect(
          api.workloads.find(w => w.workloadId === c.workloadId)?.state,
        ).toBe(c.state);
      }
      await signInAsGuest(page);
      await page.goto(`${APP_URL}/mesh/audit`);
      const card = infoCard(page, 'Ready to tighten');
      await card
        .getByRole('button', { name: 'Show ready to tighten' })
        .click({ timeout: 120_000 });
      const headline = card.getByTestId('readiness-headline');
      await headline.waitFor({ timeout: 120_000 });
      await expect(headline.innerText()).resolves.toBe(
        `${count('ready')} of ${
          api.workloads.length
        } workloads could go STRICT today; ${count('blocked')} blocked, ${count(
          'unknown',
        )} without traffic in the last 7d, ${count('strict')} already STRICT.`,
      );
      const blocked = card.getByTestId(
        'readiness-blocked-platform/observability/Deployment/metrics-service',
      );
      await blocked
        .getByText(/platform\/reporting\/legacy-reporting \(Out of the mesh\)/)
        .waitFor();
      await card.getByTestId('readiness-by-namespace-compute/spark').waitFor();
      await saveDocScreenshot(page, 'mesh-ready-to-tighten', { element: card });

      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }),
        card.getByRole('button', { name: 'Export readiness CSV' }).click(),
      ]);
      const file = await download.path();
      const { records } = csvRecords(fs.readFileSync(file!, 'utf8'));
      expect(records).toHaveLength(api.workloads.length);
      expect(records.find(r => r.workload === 'spark-executor')).toMatchObject({
        readiness: 'ready',
        portExceptions: '9090',
      });
    }));
});
