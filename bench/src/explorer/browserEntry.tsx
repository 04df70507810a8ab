/**
 * Browser side of the explorer benchmark, bundled by esbuild and loaded into
 * headless Chromium: lays out and renders the explorer's graph view (the
 * real component, not a copy) for a generated mesh, and reports timings.
 */
import { flushSync } from 'react-dom';
import { createRoot, Root } from 'react-dom/client';
import { createTheme, ThemeProvider } from '@material-ui/core/styles';
import {
  edgeHasErrors,
  generateMeshGraph,
  groupedLayout,
  MeshGraphView,
} from '@mesh-portal/plugin-mesh/testUtils';

/** Timings of one run, in milliseconds. */
export interface BrowserRun {
  layoutMs: number;
  renderMs: number;
  /** Until the frame after the render was painted: what a user waits for. */
  firstPaintMs: number;
  /** Re-render and paint after focusing one node. */
  focusMs: number;
  /** Re-render and paint after "only errors". */
  filterMs: number;
  nodes: number;
  edges: number;
}

const nextPaint = () =>
  new Promise<void>(resolve =>
    requestAnimationFrame(() => setTimeout(resolve, 0)),
  );

async function run(
  nodeCount: number,
  edgeCount: number,
  dark: boolean,
): Promise<BrowserRun> {
  const graph = generateMeshGraph(nodeCount, edgeCount);
  const theme = createTheme({ palette: { type: dark ? 'dark' : 'light' } });
  const container = document.getElementById('root')!;
  const root: Root = createRoot(container);
  const draw = (
    focus?: string,
    onlyErrors = false,
    layout = groupedLayout(graph.nodes, graph.edges, 'cluster'),
  ) =>
    flushSync(() =>
      root.render(
        <ThemeProvider theme={theme}>
          <MeshGraphView
            layout={layout}
            edges={onlyErrors ? graph.edges.filter(edgeHasErrors) : graph.edges}
            focus={focus}
            onNodeActivate={() => {}}
          />
        </ThemeProvider>,
      ),
    );

  const t0 = performance.now();
  const layout = groupedLayout(graph.nodes, graph.edges, 'cluster');
  const t1 = performance.now();
  draw(undefined, false, layout);
  const t2 = performance.now();
  await nextPaint();
  const t3 = performance.now();
  const nodes = container.querySelectorAll('[data-testid="mesh-node"]').length;
  const edges = container.querySelectorAll('[data-testid="mesh-edge"]').length;

  const f0 = performance.now();
  draw(graph.nodes[0].id, false, layout);
  await nextPaint();
  const f1 = performance.now();
  draw(undefined, true, layout);
  await nextPaint();
  const f2 = performance.now();
  root.unmount();
  return {
    layoutMs: t1 - t0,
    renderMs: t2 - t1,
    firstPaintMs: t3 - t0,
    focusMs: f1 - f0,
    filterMs: f2 - f1,
    nodes,
    edges,
  };
}

(window as unknown as { meshExplorerBench: typeof run }).meshExplorerBench =
  run;
