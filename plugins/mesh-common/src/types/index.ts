export * from './model';
export * from './api';
export * from './edgeDetail';
