export { BackgroundTelemetry } from './BackgroundTelemetry';
export type { BackgroundTelemetryOptions } from './BackgroundTelemetry';
export { DatabaseTelemetryCollectionStore } from './TelemetryCollectionStore';
export type {
  TelemetryCollection,
  TelemetryCollectionState,
  TelemetryCollectionStore,
} from './TelemetryCollectionStore';
