export * from './model';
export * from './api';
export * from './edgeDetail';
export * from './readiness';
