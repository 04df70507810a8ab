export { EntityMeshContent } from './EntityMeshContent';
export type { EntityMeshContentProps } from './EntityMeshContent';
export type {
  TrafficDepth,
  TrafficView,
  TrafficWindow,
} from './TrafficControls';
