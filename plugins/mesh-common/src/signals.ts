/**
 * The channel of Backstage signals on which mesh says that the mesh view of
 * every entity may have changed: a new snapshot was computed (for the audit
 * and the explorer, which show the whole mesh).
 * @public
 */
export const MESH_SNAPSHOT_SIGNAL_CHANNEL = 'mesh:snapshot';

/**
 * The channel of Backstage signals on which mesh says that one entity's mesh
 * view changed. The ref is lower-cased (catalog refs compare case-
 * insensitively), so the backend and a page name the same channel whatever
 * the case of the entity's metadata.
 * @public
 */
export function meshEntitySignalChannel(entityRef: string): string {
  return `mesh:entity:${entityRef.toLocaleLowerCase('en-US')}`;
}

/**
 * What a mesh signal carries: only when the snapshot that caused it was
 * computed. The subscriber already knows which entity it asked about (the
 * channel); the data itself is read through the REST API, which checks
 * what the reader may see.
 * @public
 */
export type MeshSignalMessage = {
  /** When the snapshot was computed (ISO 8601); newer replaces older. */
  computedAt: string;
};
