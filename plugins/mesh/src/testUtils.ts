/**
 * Parts of the mesh frontend for benchmarks and tests outside this package:
 * the explorer's layout and drawing, measured directly in a browser, and a
 * generator of synthetic mesh graphs. Not a stable API: these follow the
 * plugin's internals and may change in any release.
 *
 * @packageDocumentation
 */

export { MeshGraphView } from './components/MeshExplorerPage/MeshGraphView';
export type { MeshGraphViewProps } from './components/MeshExplorerPage/MeshGraphView';
export { groupedLayout } from './components/MeshExplorerPage/layout/groupedLayout';
export type {
  GraphGrouping,
  GraphLayout,
  LaidOutGroup,
  LaidOutNode,
  LaidOutRegion,
} from './components/MeshExplorerPage/layout/groupedLayout';
export { edgeHasErrors } from './components/MeshExplorerPage/graphModel';
export { generateMeshGraph } from './components/MeshExplorerPage/__fixtures__/generateMeshGraph';
