export { AccessResolver } from './AccessResolver';
export type { CallerAccess } from './CallerAccess';
export { ScopedGraphs } from './ScopedGraphs';
export * from './scope';
