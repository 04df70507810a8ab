import '@testing-library/jest-dom';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ThemeProvider } from '@material-ui/core/styles';
import { lightTheme } from '@backstage/theme';
import { GRAPH_EDGES, GRAPH_NODES } from './__fixtures__/graphFixtures';
import { groupedLayout } from './layout/groupedLayout';
import { MeshGraphView } from './MeshGraphView';
import { ZOOM_STEP } from './usePanZoom';

function renderGraph(onNodeActivate = jest.fn()) {
  render(
    <ThemeProvider theme={lightTheme}>
      <MeshGraphView
        layout={groupedLayout(GRAPH_NODES, GRAPH_EDGES, 'cluster')}
        edges={GRAPH_EDGES}
        onNodeActivate={onNodeActivate}
      />
    </ThemeProvider>,
  );
  const svg = screen.getByTestId('mesh-graph');
  const content = svg.querySelector(':scope > g')!;
  return { svg, content, onNodeActivate };
}

/** The scale and translation the drawing's content is shown at. */
function transformOf(content: Element) {
  const match =
    /translate\((-?[\d.e-]+),(-?[\d.e-]+)\) scale\(([\d.e-]+)\)/.exec(
      content.getAttribute('transform') ?? '',
    );
  expect(match).not.toBeNull();
  return { x: Number(match![1]), y: Number(match![2]), k: Number(match![3]) };
}

describe('explorer pan and zoom (d3-zoom)', () => {
  it('fits the mesh on first draw and keeps the zoom level on the svg', () => {
    const { svg, content } = renderGraph();
    const { k } = transformOf(content);
    expect(k).toBeGreaterThan(0);
    expect(k).toBeLessThanOrEqual(1.5);
    expect(svg).toHaveAttribute('data-zoom');
  });

  it('zoom buttons scale by one step around the centre', async () => {
    const { content } = renderGraph();
    const before = transformOf(content);
    await userEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(transformOf(content).k).toBeCloseTo(before.k * ZOOM_STEP, 6);
    await userEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    await userEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(transformOf(content).k).toBeCloseTo(before.k / ZOOM_STEP, 6);
    await userEvent.click(
      screen.getByRole('button', { name: 'Fit to screen' }),
    );
    expect(transformOf(content)).toEqual(before);
  });

  it('pans with the arrow keys and zooms with + and - from the keyboard, down to hiding labels', () => {
    const { svg, content } = renderGraph();
    svg.focus();
    const start = transformOf(content);
    fireEvent.keyDown(svg, { key: 'ArrowRight' });
    const panned = transformOf(content);
    expect(panned.k).toBe(start.k);
    expect(panned.x).toBeLessThan(start.x);
    expect(panned.y).toBe(start.y);
    fireEvent.keyDown(svg, { key: '+' });
    expect(transformOf(content).k).toBeCloseTo(start.k * ZOOM_STEP, 6);
    // From close up, zooming out passes the label thresholds: near, mid, far.
    for (let i = 0; i < 8; i++) fireEvent.keyDown(svg, { key: '=' });
    const levels = new Set([svg.getAttribute('data-zoom')!]);
    for (let i = 0; i < 30; i++) {
      fireEvent.keyDown(svg, { key: '-' });
      levels.add(svg.getAttribute('data-zoom')!);
    }
    expect(levels).toEqual(new Set(['near', 'mid', 'far']));
    fireEvent.keyDown(svg, { key: '0' });
    expect(transformOf(content)).toEqual(start);
  });

  it('keys pressed on a focused node pan too, and Enter still opens it', () => {
    const { content, onNodeActivate } = renderGraph();
    const node = document.querySelector<SVGGElement>(
      '[data-testid="mesh-node"]',
    )!;
    node.focus();
    const start = transformOf(content);
    fireEvent.keyDown(node, { key: 'ArrowDown' });
    expect(transformOf(content).y).toBeLessThan(start.y);
    fireEvent.keyDown(node, { key: 'Enter' });
    expect(onNodeActivate).toHaveBeenCalledTimes(1);
  });
});
