export { EntityIndex, entityInfoOf } from './EntityIndex';
export type { EntityInfo } from './EntityIndex';
export { matchEntityWorkloads, selectorOfEntity } from './entityWorkloads';
export type { EntityWorkloadSelector } from './entityWorkloads';
export { parseLabelSelector, matchesLabels } from '../labels';
export type { LabelRequirement } from '../labels';
export { createWorkloadDirectory } from './createWorkloadDirectory';
