export {
  labelSelectorMatches,
  matchesLabels,
  parseLabelSelector,
  requirementsOf,
} from './labelSelector';
export type { LabelRequirement, LabelSelector } from './labelSelector';
