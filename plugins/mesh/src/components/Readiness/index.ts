export { CallersTable, callerName } from './CallersTable';
export { ProposalBlock } from './ProposalBlock';
export { ReadinessChip, REASON_TEXT, readinessLabel } from './readinessText';
