export { collectCluster } from './collectCluster';
export type { ClusterCollection, CollectOptions } from './collectCluster';
export {
  ClusterReadError,
  redact,
  withoutSecretFragments,
} from './describeError';
