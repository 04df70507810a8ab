import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  parseEntityRef,
} from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
// mesh's extension point lives in its backend package (no -node package yet).
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import type {
  MeshSnapshot,
  MeshSnapshotChange,
} from '@mesh-portal/plugin-mesh-backend';
import { createHash } from 'node:crypto';
import {
  detectPostureChanges,
  isRegression,
  type PostureChange,
} from './detectPostureChanges';
import { entityPosture, type EntityPosture } from './entityPosture';

/**
 * Notification settings (`meshTechInsights.notifications` in app-config).
 * @public
 */
export interface PostureNotificationSettings {
  /** Send regressions. Defaults to true. */
  regressions: boolean;
  /** Also tell owners when an entity becomes STRICT everywhere. Defaults to false. */
  improvements: boolean;
  /** Base URL of the portal's frontend, for the link to the Mesh tab. */
  appBaseUrl: string;
  /** Path of the entity's Mesh tab under the entity page. Defaults to `mesh`. */
  meshTabPath: string;
}

function postureIn(
  snapshot: MeshSnapshot,
  ref: string,
): EntityPosture | undefined {
  const mesh = snapshot.entityMesh(ref);
  return mesh && entityPosture(mesh);
}

function describe(change: PostureChange, entity: string): string {
  const parts: string[] = [];
  const list = (ids: string[]) => ids.join(', ');
  if (change.leftMesh.length) {
    parts.push(`Left the mesh: ${list(change.leftMesh)}.`);
  }
  if (change.leftStrict.length) {
    parts.push(
      `No longer STRICT mTLS on every port: ${list(change.leftStrict)}.`,
    );
  }
  if (change.newErrorFindings.length) {
    const codes = [
      ...new Set(change.newErrorFindings.map(f => f.split(' ')[0])),
    ];
    parts.push(`New error findings: ${codes.join(', ')}.`);
  }
  if (parts.length === 0 && change.becameStrictEverywhere) {
    parts.push(
      `Every workload of ${entity} is now meshed and STRICT on every port.`,
    );
  }
  return parts.join(' ');
}

/**
 * Compares each entity's posture in a new mesh snapshot with the one in the
 * snapshot it replaced, and tells the entity's owner through the
 * notifications backend. It listens to `meshSnapshotExtensionPoint`, so it
 * runs on the one replica whose refresh produced the snapshot, once per
 * snapshot. The notification's scope is the entity and a hash of the change,
 * so the same change is one notification however often it is seen; the
 * recipient is the entity itself, which the notifications backend resolves
 * to its owner.
 * @public
 */
export class PostureNotifier {
  constructor(
    private readonly deps: {
      notifications: NotificationService;
      logger: LoggerService;
      settings: PostureNotificationSettings;
    },
  ) {}

  /**
   * Notifies the owner of every entity whose posture changed between the two
   * snapshots. Nothing without a previous snapshot: the first one is the
   * baseline.
   */
  async onSnapshot(change: MeshSnapshotChange): Promise<void> {
    const { previous, current, entityRefs } = change;
    if (!previous) return;
    const { settings } = this.deps;
    let sent = 0;
    for (const ref of entityRefs) {
      const detected = detectPostureChanges(
        postureIn(previous, ref),
        postureIn(current, ref),
      );
      if (!detected) continue;
      const regression = isRegression(detected);
      if (regression ? !settings.regressions : !settings.improvements) {
        continue;
      }
      if (await this.send(parseEntityRef(ref), ref, detected, regression)) {
        sent += 1;
      }
    }
    if (sent > 0) {
      this.deps.logger.info(`Sent ${sent} mesh posture notification(s)`);
    }
  }

  private async send(
    entity: CompoundEntityRef,
    ref: string,
    change: PostureChange,
    regression: boolean,
  ): Promise<boolean> {
    const { notifications, logger, settings } = this.deps;
    const hash = createHash('sha256')
      .update(JSON.stringify(change))
      .digest('hex')
      .slice(0, 16);
    // The catalog's entity route: namespace and kind lower-cased.
    const path = [
      entity.namespace.toLocaleLowerCase('en-US'),
      entity.kind.toLocaleLowerCase('en-US'),
      entity.name,
    ]
      .map(encodeURIComponent)
      .join('/');
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: ref },
        payload: {
          title: regression
            ? `Mesh posture of ${entity.name} regressed`
            : `${entity.name} is STRICT everywhere`,
          description: describe(change, entity.name),
          link: `${settings.appBaseUrl}/catalog/${path}/${settings.meshTabPath}`,
          severity: regression ? 'high' : 'normal',
          topic: 'mesh-posture',
          scope: `mesh-posture:${ref}:${hash}`,
        },
      });
      return true;
    } catch (error) {
      logger.warn(`Could not notify the owner of ${ref}: ${error}`);
      return false;
    }
  }
}
