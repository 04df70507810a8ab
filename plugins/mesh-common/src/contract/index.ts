export * from './auditQuery';
export * from './coverageCounts';
export * from './limits';
export * from './querySchemas';
export * from './vocabulary';
export * from './windows';
export * from './workloadId';
export * from './edgeDetail';
