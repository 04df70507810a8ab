export { EntityIndex, entityInfoOf } from './EntityIndex';
export type { EntityInfo } from './EntityIndex';
export { matchEntityWorkloads, selectorOfEntity } from './entityWorkloads';
export type { EntityWorkloadSelector } from './entityWorkloads';
export { parseLabelSelector, matchesLabels } from './labelSelector';
export type { LabelRequirement } from './labelSelector';
export { createWorkloadDirectory } from './createWorkloadDirectory';
