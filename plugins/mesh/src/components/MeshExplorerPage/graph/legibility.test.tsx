import '@testing-library/jest-dom';
import { render, screen } from '@testing-library/react';
import { ThemeProvider } from '@material-ui/core/styles';
import { lightTheme } from '@backstage/theme';
import { GRAPH_EDGES, GRAPH_NODES } from '../__fixtures__/graphFixtures';
import { GraphLegend } from '../GraphLegend';
import { groupedLayout } from '../layout/groupedLayout';
import { MeshGraphView } from '../MeshGraphView';
import { EDGE_ERROR_THRESHOLDS, edgeSeverity } from '../graphModel';
import { labelSizeAt, MIN_LABEL_PX, zoomLevelAt } from '../usePanZoom';

function renderGraph() {
  render(
    <ThemeProvider theme={lightTheme}>
      <MeshGraphView
        layout={groupedLayout(GRAPH_NODES, GRAPH_EDGES, 'cluster')}
        edges={GRAPH_EDGES}
        onNodeActivate={() => {}}
      />
      <GraphLegend />
    </ThemeProvider>,
  );
}

const glyphOf = (id: string) =>
  document.querySelector(`[data-node-id="${id}"] [data-shape]`)!;

describe('explorer legibility', () => {
  it('tells membership by shape, not by colour alone', () => {
    renderGraph();
    const byMembership = new Map<string, Set<string>>();
    GRAPH_NODES.forEach(node => {
      const key = node.type === 'external' ? 'external' : `${node.membership}`;
      const shapes = byMembership.get(key) ?? new Set<string>();
      shapes.add(glyphOf(node.id).getAttribute('data-shape')!);
      byMembership.set(key, shapes);
    });
    expect(byMembership.get('sidecar')).toEqual(new Set(['circle']));
    expect(byMembership.get('none')).toEqual(new Set(['square']));
    expect(byMembership.get('external')).toEqual(new Set(['triangle']));
    const legend = screen.getByRole('region', { name: 'Legend' });
    expect(legend).toHaveTextContent('Not in the mesh (square)');
  });

  it('gives failing edges a colour of their own, not the red of unmeshed nodes', () => {
    renderGraph();
    const unmeshed = GRAPH_NODES.find(n => n.membership === 'none')!;
    const unmeshedFill = glyphOf(unmeshed.id).getAttribute('fill');
    const failing = screen
      .getAllByTestId('mesh-edge')
      .filter(edge => edge.getAttribute('data-errors') === 'true');
    expect(failing.length).toBeGreaterThan(0);
    failing.forEach(edge =>
      expect(edge.querySelector('path')!.getAttribute('stroke')).not.toBe(
        unmeshedFill,
      ),
    );
  });

  it('keeps labels readable when zoomed out to fit', () => {
    // On screen a label is size * scale pixels.
    for (const k of [0.55, 0.7, 1, 1.5]) {
      expect(labelSizeAt(k) * k).toBeGreaterThanOrEqual(MIN_LABEL_PX - 1e-9);
    }
    renderGraph();
    expect(
      screen
        .getByTestId('mesh-graph')
        .style.getPropertyValue('--mesh-label-size'),
    ).toMatch(/^\d+(\.\d)?px$/);
  });

  it('colours edges by stated error thresholds: a stray failure does not paint an edge as failing', () => {
    const [source, target] = GRAPH_NODES;
    const edgeWith = (errorRatio: number) => ({
      source: source.id,
      target: target.id,
      protocol: 'grpc' as const,
      requestsPerSecond: 10,
      mtlsShare: 1,
      errorRatio,
      crossCluster: false,
    });
    expect(edgeSeverity(edgeWith(0))).toBe('ok');
    expect(edgeSeverity(edgeWith(EDGE_ERROR_THRESHOLDS.degraded / 2))).toBe(
      'ok',
    );
    expect(edgeSeverity(edgeWith(0.01))).toBe('degraded');
    expect(edgeSeverity(edgeWith(EDGE_ERROR_THRESHOLDS.failing))).toBe(
      'failing',
    );
    renderGraph();
    expect(screen.getByRole('region', { name: 'Legend' })).toHaveTextContent(
      'Errors 5% or more',
    );
  });

  it('shows brief labels when zoomed out, and none when too far to read', () => {
    expect(zoomLevelAt(1)).toBe('near');
    expect(zoomLevelAt(0.4)).toBe('mid');
    expect(zoomLevelAt(0.2)).toBe('far');
    renderGraph();
    const node = GRAPH_NODES.find(n => (n.title ?? n.name).length > 10)!;
    const texts = [
      ...document.querySelectorAll(`[data-node-id="${node.id}"] text`),
    ].map(t => t.textContent);
    expect(texts).toHaveLength(2);
    expect(texts[1]).toHaveLength(10);
    expect(texts[1]!.endsWith('…')).toBe(true);
  });
});
