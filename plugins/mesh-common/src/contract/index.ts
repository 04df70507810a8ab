export * from './limits';
export * from './querySchemas';
export * from './vocabulary';
export * from './windows';
export * from './workloadId';
export * from './edgeDetail';
