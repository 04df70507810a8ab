export { EdgeDetailReader } from './EdgeDetailReader';
export { buildEdgeQueries, rateSampling, RATE_POINTS_MAX } from './edgeQueries';
export type { EdgeEndLabels, EdgeQuery, RateSampling } from './edgeQueries';
export { mergeEdgeDetail } from './mergeEdgeDetail';
