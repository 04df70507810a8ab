import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { HistorySeeder } from './history';

/**
 * Lets a backend module of the `mesh` plugin extend what the plugin does
 * with coverage history.
 * @public
 */
export interface MeshHistoryExtensionPoint {
  /**
   * Fills past periods nothing recorded (for example a demo's trend) before
   * each recording. At most one seeder; a second call replaces the first.
   */
  setSeeder(seeder: HistorySeeder): void;
}

/**
 * The extension point behind {@link MeshHistoryExtensionPoint}.
 * @public
 */
export const meshHistoryExtensionPoint =
  createExtensionPoint<MeshHistoryExtensionPoint>({ id: 'mesh.history' });
