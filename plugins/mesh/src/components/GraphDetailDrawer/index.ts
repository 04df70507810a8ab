export { GraphDetailDrawer } from './GraphDetailDrawer';
export type { GraphDetailDrawerProps } from './GraphDetailDrawer';
export { useGraphSelection } from './useGraphSelection';
export { parseGraphSelection, withGraphSelection } from './selection';
export type { GraphSelection } from './selection';
export { MESH_TAB_PATH, useMeshTabLink } from './meshTabLink';
