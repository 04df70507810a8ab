/**
 * Benchmark of the mesh explorer: time to lay out and render a 500-node,
 * 2,000-edge mesh in headless Chromium (target: under 2 s), plus the cost of
 * focusing a node and of an edge filter.
 *
 * 1. Standalone: the explorer's real layout and drawing code
 *    (`MeshGraphView`, `groupedLayout`) bundled by esbuild into a blank page.
 * 2. In the app, when it runs (`MESH_BENCH_URL`, default
 *    `http://localhost:3000`): `/mesh/explorer` with `/api/mesh/graph/mesh`
 *    answered by a Playwright route with the same generated graph. Set
 *    `MESH_BENCH_LEGACY_GUEST=true` when the frontend runs without a backend.
 *
 * Prints figures; asserts only that everything was drawn. Run with
 * `yarn bench explorer`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { BrowserContext, chromium, Page } from 'playwright-core';
// The generator is a test fixture of the plugin, reused so both halves of
// the benchmark draw the same graph.
import { generateMeshGraph } from '@mesh-portal/plugin-mesh/testUtils';
import type { BrowserRun } from './explorer/browserEntry';

const NODES = 500;
const EDGES = 2_000;
const RUNS = 6;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Installs Debian's chromium when missing; fails loudly when it cannot. */
function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  try {
    execFileSync('apt-get', ['install', '-y', 'chromium'], {
      stdio: 'inherit',
    });
  } catch (error) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM} and apt-get could not install it: ${error}`,
    );
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is still missing at ${CHROMIUM} after apt-get install`,
    );
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

async function bundleBrowserEntry(): Promise<string> {
  const result = await build({
    // The benchmark always runs from source, never from a build.
    // eslint-disable-next-line no-restricted-syntax
    entryPoints: [path.join(__dirname, 'explorer', 'browserEntry.tsx')],
    bundle: true,
    write: false,
    format: 'iife',
    jsx: 'automatic',
    minify: true,
    // The production React build, as users get it.
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
  return result.outputFiles[0].text;
}

async function appIsUp(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(3_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Gets past the guest sign-in page of the demo app, if it shows one. */
async function signInIfAsked(page: Page) {
  const enter = page.getByRole('button', { name: /^enter$/i });
  // Whichever comes first: the sign-in page or the explorer itself.
  await enter
    .or(page.getByTestId('mesh-node').first())
    .first()
    .waitFor({ timeout: 60_000 });
  if (await enter.isVisible()) {
    await enter.click();
  }
}

describe('mesh explorer benchmark', () => {
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    ensureChromium();
    userDataDir = mkdtempSync(path.join(tmpdir(), 'mesh-explorer-bench-'));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1400, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  it(`lays out and renders ${NODES} nodes / ${EDGES} edges (standalone page)`, async () => {
    const bundle = await bundleBrowserEntry();
    const page = await context.newPage();
    await page.setContent(
      '<!doctype html><html><body style="margin:0"><div id="root" style="width:1400px;height:800px"></div></body></html>',
    );
    await page.addScriptTag({ content: bundle });
    const runs: BrowserRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      // Alternate themes: both must draw.
      runs.push(
        await page.evaluate(
          ([n, e, dark]) =>
            (
              window as unknown as {
                meshExplorerBench: (
                  n: number,
                  e: number,
                  d: boolean,
                ) => Promise<BrowserRun>;
              }
            ).meshExplorerBench(n, e, dark),
          [NODES, EDGES, i % 2 === 1] as [number, number, boolean],
        ),
      );
    }
    await page.close();

    const warm = runs.slice(1);
    const line = (label: string, pick: (r: BrowserRun) => number) =>
      `  ${label.padEnd(28)} first ${ms(pick(runs[0])).padStart(
        10,
      )}   median of ${warm.length} warm ${ms(median(warm.map(pick))).padStart(
        10,
      )}`;
    // eslint-disable-next-line no-console
    console.log(
      [
        `Explorer, standalone page in headless Chromium (${NODES} nodes, ${EDGES} edges):`,
        line('layout (groupedLayout)', r => r.layoutMs),
        line('React render (commit)', r => r.renderMs),
        line('layout + render + paint', r => r.firstPaintMs),
        line('focus a node (+ paint)', r => r.focusMs),
        line('"only errors" (+ paint)', r => r.filterMs),
      ].join('\n'),
    );
    for (const run of runs) {
      expect(run.nodes).toBe(NODES);
      expect(run.edges).toBe(EDGES);
    }
  });

  it('renders /mesh/explorer in the running app', async () => {
    const base = (
      process.env.MESH_BENCH_URL ?? 'http://localhost:3000'
    ).replace(/\/$/, '');
    if (!(await appIsUp(base))) {
      // eslint-disable-next-line no-console
      console.warn(
        `SKIPPED the in-app explorer benchmark: no app answers at ${base}. Start the demo (or set MESH_BENCH_URL) and run again.`,
      );
      return;
    }
    const graph = generateMeshGraph(NODES, EDGES);
    const page = await context.newPage();
    if (process.env.MESH_BENCH_LEGACY_GUEST === 'true') {
      // For a frontend running without its backend: sign in with the
      // frontend-only guest identity (the mesh calls are mocked anyway).
      await page.addInitScript(() =>
        window.localStorage.setItem('enableLegacyGuestToken', 'true'),
      );
      // The sign-in page asks before falling back to that identity.
      page.on('dialog', dialog => dialog.accept());
    }
    let servedAt = 0;
    await page.route('**/api/mesh/graph/mesh**', route => {
      servedAt = Date.now();
      return route.fulfill({ json: graph });
    });
    await page.route('**/api/mesh/clusters', route =>
      route.fulfill({
        json: {
          clusters: [
            { name: 'platform', ok: true, stale: false },
            { name: 'compute', ok: true, stale: false },
          ],
          findings: [],
        },
      }),
    );
    const started = Date.now();
    await page.goto(`${base}/mesh/explorer`);
    await signInIfAsked(page);
    await page.waitForFunction(
      n => document.querySelectorAll('[data-testid="mesh-node"]').length === n,
      NODES,
      { timeout: 60_000 },
    );
    await page.evaluate(
      () =>
        new Promise<void>(resolve =>
          requestAnimationFrame(() => setTimeout(resolve, 0)),
        ),
    );
    const drawn = Date.now();
    const edges = await page.locator('[data-testid="mesh-edge"]').count();
    // Focus through the UI, as a user would.
    const focusStart = Date.now();
    await page
      .getByRole('textbox', { name: 'Find a service' })
      .fill('svc-0001');
    await page
      .getByRole('option', { name: /svc-0001/ })
      .first()
      .click();
    await page.waitForSelector('[data-focused="true"]');
    const focused = Date.now();
    await page.close();
    // eslint-disable-next-line no-console
    console.log(
      [
        `Explorer in the app at ${base} (${NODES} nodes, ${EDGES} edges, graph served by a route mock):`,
        `  graph response -> drawn and painted  ${ms(drawn - servedAt)}`,
        `  navigation start -> drawn            ${ms(
          drawn - started,
        )} (includes loading the app)`,
        `  search + focus a node                ${ms(
          focused - focusStart,
        )} (includes typing)`,
      ].join('\n'),
    );
    expect(edges).toBe(EDGES);
  });
});
