export { StatusChip } from './StatusChip';
export type { StatusChipProps, StatusTone } from './StatusChip';
export { MembershipChip, membershipLabel } from './MembershipChip';
export type { MembershipChipProps } from './MembershipChip';
export { MtlsChip } from './MtlsChip';
export type { MtlsChipProps } from './MtlsChip';
export { MtlsShareChip } from './MtlsShareChip';
export type { MtlsShareChipProps } from './MtlsShareChip';
export { SeverityChip } from './SeverityChip';
export type { SeverityChipProps } from './SeverityChip';
export { DataAge } from './DataAge';
export type { DataAgeProps } from './DataAge';
export { ClusterErrorPanel } from './ClusterErrorPanel';
export type { ClusterErrorPanelProps } from './ClusterErrorPanel';
export { TelemetryStatusPanel } from './TelemetryStatusPanel';
export type { TelemetryStatusPanelProps } from './TelemetryStatusPanel';
export { TrafficGraph, trafficNodeLines } from './TrafficGraph';
export type { TrafficGraphProps } from './TrafficGraph';
export { edgeMtlsText, edgeTrafficParts } from './edgeLabel';
export {
  formatAge,
  formatBytesRate,
  formatLatency,
  formatPercent,
  formatRate,
} from './format';
export { useOptionalRouteRef } from './useOptionalRouteRef';
export { workloadMtlsMode, workloadMtlsReason } from './workloadMtls';
export { NoWorkloadsFound, describeWorkloadSelector } from './NoWorkloadsFound';
export type { NoWorkloadsFoundProps } from './NoWorkloadsFound';
export { TrafficEdgeTable } from './TrafficEdgeTable';
export type { TrafficEdgeTableProps } from './TrafficEdgeTable';
export { mtlsShareLevel } from './mtlsShareLevel';
export type { MtlsShareLevel } from './mtlsShareLevel';
export { telemetryUnavailableReason } from './telemetryAvailability';
export { TelemetryUnavailableChip } from './TelemetryUnavailableChip';
export type { TelemetryUnavailableChipProps } from './TelemetryUnavailableChip';
