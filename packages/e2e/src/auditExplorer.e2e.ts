import fs from 'node:fs';
import { APP_URL, saveDocScreenshot, signInAsGuest } from './browser';
import { BACKEND_URL, eventually, meshGet, waitForDemoData } from './backend';
import { csvRecords } from '@mesh-portal/plugin-mesh-common';
import {
  CROSS_CLUSTER_EDGE,
  INTENDED_NOT_STRICT,
  INTENDED_PARTIAL_MESHED,
  INTENDED_STRICT,
} from './demoPosture';
import { infoCard, rowLines } from './ui';
import { withSession } from './withSession';

interface AuditAnswer {
  items: Array<{
    workloadId: string;
    cluster: string;
    namespace: string;
    kind: string;
    workload: string;
    membership: string;
    coverage: string;
    observedOutboundMtlsShare?: number;
  }>;
  totalItems: number;
}

interface FindingsAnswer {
  totalItems: number;
  workloads: number;
}

const LEGACY = 'platform/reporting/Deployment/legacy-reporting';

interface MeshGraph {
  nodes: Array<{
    id: string;
    title?: string;
    name: string;
    entityRef?: string;
    cluster?: string;
    idle?: boolean;
    nativeSidecar?: boolean;
  }>;
  edges: Array<{
    source: string;
    target: string;
    protocol: string;
    crossCluster?: boolean;
  }>;
}

let token: string;

beforeAll(async () => {
  token = await waitForDemoData();
});

/** The backend's "not STRICT" workload ids, checked against the demo README. */
async function expectedNotStrict(): Promise<AuditAnswer> {
  const audit = await meshGet<AuditAnswer>(
    '/audit?notStrict=true&limit=500',
    token,
  );
  const ids = audit.items.map(item => item.workloadId).sort();
  expect(audit.totalItems).toBe(ids.length);
  // The backend agrees with the demo's intended posture.
  expect(ids).toEqual(expect.arrayContaining(INTENDED_NOT_STRICT));
  for (const strict of INTENDED_STRICT) {
    expect(ids).not.toContain(strict);
  }
  // §1.4: a partly injected workload is meshed, never STRICT, and stays partial.
  for (const partial of INTENDED_PARTIAL_MESHED) {
    const item = audit.items.find(i => i.workloadId === partial);
    expect(item).toMatchObject({
      membership: 'partial',
      coverage: 'meshed-not-strict',
    });
  }
  return audit;
}

describe('the mesh audit page', () => {
  it('filters "not STRICT only" to the demo posture and exports the same rows as CSV', () =>
    withSession('audit not strict', async ({ page }) => {
      const audit = await expectedNotStrict();
      const expected = audit.items.map(item => item.workloadId).sort();
      await signInAsGuest(page);
      await page.goto(`${APP_URL}/mesh/audit`);
      const table = page.getByRole('table', { name: 'Workloads' });
      await table.waitFor({ timeout: 60_000 });
      const rows = page.getByTestId('audit-row');
      // Unfiltered, the table holds STRICT workloads such as the scheduler.
      await table
        .getByText('pipeline-scheduler', { exact: true })
        .first()
        .waitFor();

      await page.getByLabel('Not STRICT only').check();
      await page.waitForURL(/notStrict=true/);
      await table
        .getByText('pipeline-scheduler', { exact: true })
        .first()
        .waitFor({ state: 'detached', timeout: 30_000 });
      await infoCard(page, 'Workloads')
        .getByText(`${expected.length} matching`, { exact: true })
        .waitFor({ timeout: 30_000 });
      await expect(rows.count()).resolves.toBe(expected.length);

      // Each backend row is on the page once: its workload, kind, cluster
      // and namespace all read in one table row.
      const pageRows = await Promise.all((await rows.all()).map(rowLines));
      const shown: string[] = [];
      for (const item of audit.items) {
        const matching = pageRows.filter(lines =>
          [item.workload, item.kind, item.cluster, item.namespace].every(v =>
            lines.includes(v),
          ),
        );
        expect({ id: item.workloadId, rows: matching.length }).toEqual({
          id: item.workloadId,
          rows: 1,
        });
        shown.push(item.workloadId);
      }
      expect(shown.sort()).toEqual(expected);
      // The README's posture, as the user reads it.
      expect(shown).toContain('platform/reporting/Deployment/legacy-reporting');
      expect(shown).not.toContain('platform/frontend/Deployment/web-frontend');
      expect(shown.filter(id => id.startsWith('compute/spark/'))).not.toEqual(
        [],
      );

      // Issue 18 item 4. The headline says it follows the filter, and why
      // STRICT reads 0 % under it.
      await page
        .getByTestId('headline-scope')
        .getByText(/^Of the \d+ workloads matching the filters/)
        .waitFor({ timeout: 30_000 });
      await page.getByTestId('headline-not-strict').waitFor();

      // legacy-reporting (outside the mesh) sends plaintext to
      // metrics-service: its outbound share is 0 (O1, O2), once telemetry
      // is in (the audit waits only briefly for it).
      const legacyRow = await eventually(
        'the outbound mTLS share of legacy-reporting',
        async () => {
          const answer = await meshGet<AuditAnswer>(
            '/audit?q=legacy-reporting&notStrict=true',
            token,
          );
          const row = answer.items.find(i => i.workloadId === LEGACY);
          return row?.observedOutboundMtlsShare === undefined ? undefined : row;
        },
        120_000,
        2_000,
      );
      expect(legacyRow.observedOutboundMtlsShare).toBe(0);
      await page.reload();
      await rows
        .filter({ hasText: 'legacy-reporting' })
        .getByLabel('Outbound: 0% mTLS', { exact: true })
        .waitFor({ timeout: 60_000 });

      // Every finding behind the headline, listed once, as the backend counts them.
      const findings = await meshGet<FindingsAnswer>(
        '/audit/findings?notStrict=true&limit=1',
        token,
      );
      expect(findings.totalItems).toBeGreaterThan(0);
      await page.getByRole('button', { name: 'List all findings' }).click();
      const dialog = page.getByRole('dialog');
      await dialog
        .getByTestId('audit-findings-summary')
        .getByText(
          new RegExp(
            `^${findings.totalItems} findings? across ${findings.workloads} workloads?$`,
          ),
        )
        .waitFor({ timeout: 30_000 });
      await expect(dialog.getByTestId('audit-finding').count()).resolves.toBe(
        Math.min(findings.totalItems, 200),
      );
      await page.waitForURL(/findings=all/);
      await dialog.getByRole('button', { name: 'Close' }).click();
      await dialog.waitFor({ state: 'detached' });

      // The demo's 60 seeded days of history are labelled as demo data.
      await infoCard(page, 'Coverage over time')
        .getByTestId('coverage-history-seeded-note')
        .waitFor({ timeout: 30_000 });

      // The page as it opens (headline figures of the filtered set), then the table.
      await page
        .getByRole('heading', { name: 'Mesh mTLS audit' })
        .scrollIntoViewIfNeeded();
      await saveDocScreenshot(page, 'mesh-audit');
      await saveDocScreenshot(page, 'mesh-audit-not-strict', {
        element: infoCard(page, 'Workloads'),
      });

      // CSV export: produced by the backend with the page's filters.
      const [download] = await Promise.all([
        page.waitForEvent('download', { timeout: 30_000 }),
        page.getByRole('button', { name: 'Export CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        /^mesh-audit-\d{4}-\d\d-\d\d\.csv$/,
      );
      const csv = fs.readFileSync((await download.path())!, 'utf8');
      const { header, records } = csvRecords(csv);
      expect(header).toEqual(
        expect.arrayContaining([
          'cluster',
          'namespace',
          'kind',
          'workload',
          'entity',
          'owner',
          'membership',
          'mode',
          'decidedBy',
          'enforced',
          'observedOutboundMtlsShare',
        ]),
      );
      const exported = records
        .map(r => `${r.cluster}/${r.namespace}/${r.kind}/${r.workload}`)
        .sort();
      expect(exported).toEqual(expected);
      const legacy = records.find(r => r.workload === 'legacy-reporting');
      expect(legacy).toMatchObject({
        membership: 'none',
        owner: 'group:default/team-platform',
        // No proxy: whatever the mode says, nothing enforces it.
        enforced: 'false',
      });
      // The same content as the backend's export for the same filter.
      const direct = await fetch(
        `${BACKEND_URL}/api/mesh/audit/export.csv?notStrict=true`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(csvRecords(await direct.text()).records).toEqual(records);
    }));
});

describe('the mesh explorer', () => {
  it('finds the pipeline scheduler and shows its cross-cluster gRPC edge to the Spark job runner', () =>
    withSession('explorer pipeline scheduler', async ({ page }) => {
      const graph = await meshGet<MeshGraph>('/graph/mesh?view=service', token);
      const title = (id: string) => {
        const node = graph.nodes.find(n => n.id === id);
        return node?.title ?? node?.name;
      };
      const edge = graph.edges.find(
        e =>
          title(e.source) === CROSS_CLUSTER_EDGE.sourceTitle &&
          title(e.target) === CROSS_CLUSTER_EDGE.targetTitle,
      );
      expect(edge).toMatchObject({
        protocol: CROSS_CLUSTER_EDGE.protocol,
        crossCluster: true,
      });

      await signInAsGuest(page);
      await page.goto(`${APP_URL}/mesh/explorer`);
      await page.getByTestId('mesh-graph').waitFor({ timeout: 60_000 });

      const search = page.getByLabel('Find a service', { exact: true });
      await search.fill('pipeline sch');
      await page
        .getByRole('option', { name: /^Pipeline scheduler/ })
        .click({ timeout: 30_000 });
      await page.waitForURL(
        new RegExp(`focus=${encodeURIComponent(edge!.source)}`),
      );
      await page.getByText('Focused on Pipeline scheduler').waitFor();

      const node = (id: string) =>
        page.locator(`[data-testid="mesh-node"][data-node-id="${id}"]`);
      await expect(
        node(edge!.source).getAttribute('data-focused'),
      ).resolves.toBe('true');
      await expect(
        node(edge!.target).getAttribute('data-dimmed'),
      ).resolves.toBe('false');

      // The edge, its tooltip naming both ends, gRPC and cross-cluster.
      const grpcEdges = page.locator(
        '[data-testid="mesh-edge"][data-protocol="grpc"]',
      );
      const titles = await grpcEdges.locator('title').allTextContents();
      const crossCluster = titles.find(t =>
        t.startsWith(
          `${CROSS_CLUSTER_EDGE.sourceTitle} → ${CROSS_CLUSTER_EDGE.targetTitle}`,
        ),
      );
      expect(crossCluster).toMatch(/ · GRPC · .*req\/s.* · cross-cluster$/);
      const drawn = grpcEdges.filter({
        has: page.locator('title', { hasText: crossCluster! }),
      });
      // Not dimmed: it touches the focused node.
      await expect(drawn.getAttribute('opacity')).resolves.toBe('0.85');
      await saveDocScreenshot(page, 'mesh-explorer-pipeline-scheduler');
    }));

  it('draws each cluster as a region, web-frontend once in each, with its cross-cluster edge highlighted', () =>
    withSession('explorer regions', async ({ page }) => {
      const graph = await meshGet<MeshGraph>('/graph/mesh?view=service', token);
      const web = graph.nodes.filter(
        n => n.entityRef === 'component:default/web-frontend',
      );
      // One node per cluster it runs in, each tagged with its cluster.
      expect(web.map(n => n.cluster).sort()).toEqual(['compute', 'platform']);
      const webIds = new Set(web.map(n => n.id));
      const crossEdge = graph.edges.find(
        e => e.crossCluster && (webIds.has(e.source) || webIds.has(e.target)),
      );
      expect(crossEdge).toBeDefined();

      await signInAsGuest(page);
      await page.goto(`${APP_URL}/mesh/explorer`);
      await page.getByTestId('mesh-graph').waitFor({ timeout: 60_000 });
      for (const node of web) {
        const region = page.locator(
          `[data-testid="mesh-region"][data-region="${node.cluster}"] rect`,
        );
        const glyph = page.locator(
          `[data-testid="mesh-node"][data-node-id="${node.id}"] [data-shape]`,
        );
        const outer = (await region.boundingBox())!;
        const inner = (await glyph.boundingBox())!;
        expect(inner.x).toBeGreaterThanOrEqual(outer.x);
        expect(inner.y).toBeGreaterThanOrEqual(outer.y);
        expect(inner.x + inner.width).toBeLessThanOrEqual(
          outer.x + outer.width,
        );
        expect(inner.y + inner.height).toBeLessThanOrEqual(
          outer.y + outer.height,
        );
      }
      // The edge is drawn, marked cross-cluster and haloed.
      const title = (id: string) => {
        const node = graph.nodes.find(n => n.id === id)!;
        return node.title ?? node.name;
      };
      const drawn = page
        .locator('[data-testid="mesh-edge"][data-cross-cluster="true"]')
        .filter({
          has: page.locator('title', {
            hasText: `${title(crossEdge!.source)} → ${title(
              crossEdge!.target,
            )}`,
          }),
        });
      await expect(drawn.count()).resolves.toBeGreaterThan(0);
      await saveDocScreenshot(page, 'mesh-explorer-regions');
    }));

  it('shows idle partner-webhooks on request and marks spark-driver as a native sidecar (M4)', () =>
    withSession('explorer idle and sidecars', async ({ page }) => {
      const named = (graph: MeshGraph, name: string) =>
        graph.nodes.filter(n => n.name === name);
      const plain = await meshGet<MeshGraph>(
        '/graph/mesh?view=workload',
        token,
      );
      expect(named(plain, 'partner-webhooks')).toEqual([]);
      const all = await meshGet<MeshGraph>(
        '/graph/mesh?view=workload&includeIdle=true',
        token,
      );
      const [idle] = named(all, 'partner-webhooks');
      expect(idle).toMatchObject({ idle: true, nativeSidecar: false });
      const drivers = named(all, 'spark-driver');
      expect(drivers.length).toBeGreaterThan(0);
      expect(drivers.every(n => n.nativeSidecar === true)).toBe(true);

      await signInAsGuest(page);
      await page.goto(`${APP_URL}/mesh/explorer?view=workload`);
      await page.getByTestId('mesh-graph').waitFor({ timeout: 60_000 });
      const node = (id: string) =>
        page.locator(`[data-testid="mesh-node"][data-node-id="${id}"]`);
      await expect(node(idle.id).count()).resolves.toBe(0);
      await page.getByRole('checkbox', { name: 'Show idle workloads' }).click();
      await page.waitForURL(/idle=true/);
      await node(idle.id).waitFor({ timeout: 60_000 });
      await expect(node(idle.id).getAttribute('data-idle')).resolves.toBe(
        'true',
      );
      const driver = node(drivers[0].id);
      await expect(driver.getAttribute('data-sidecar')).resolves.toBe(
        'native sidecar',
      );
      await expect(driver.getByTestId('sidecar-badge').count()).resolves.toBe(
        1,
      );
      await expect(
        node(idle.id).getByTestId('sidecar-badge').count(),
      ).resolves.toBe(0);
    }));
});
