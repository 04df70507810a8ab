export { AccessResolver } from './AccessResolver';
export type { CallerAccess } from './CallerAccess';
export * from './scope';
