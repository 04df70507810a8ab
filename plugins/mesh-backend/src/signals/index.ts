export { publishMeshSignals } from './publishMeshSignals';
export type { PublishMeshSignalsOptions } from './publishMeshSignals';
export { changedEntityRefs, meshFingerprints } from './meshFingerprints';
export type { MeshFingerprints } from './meshFingerprints';
