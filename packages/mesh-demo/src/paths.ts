import path from 'node:path';

/**
 * The package root (`packages/mesh-demo`), resolved through the workspace
 * link so it is right wherever the code runs from.
 */
export const MESH_DEMO_DIR = path.dirname(
  require.resolve('@internal/mesh-demo/package.json'),
);
/** The committed demo manifests (one sub-directory per cluster). */
export const DEFAULT_CLUSTERS_DIR = path.join(MESH_DEMO_DIR, 'clusters');
/** The committed traffic model. */
export const DEFAULT_TRAFFIC_MODEL = path.join(
  MESH_DEMO_DIR,
  'traffic-model.yaml',
);
/** The mesh root CA certificate shared by both clusters (public part only). */
export const ROOT_CERT_FILE = path.join(MESH_DEMO_DIR, 'pki', 'root-cert.pem');
