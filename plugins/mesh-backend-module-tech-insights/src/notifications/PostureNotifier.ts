import type {
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { createHash } from 'node:crypto';
import {
  detectPostureChanges,
  isRegression,
  type PostureChange,
} from './detectPostureChanges';
import type { EntityPosture } from './entityPosture';

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

/** How long a posture is remembered without a new reading. */
const POSTURE_TTL_MS = 7 * 24 * 3600_000;

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
 * Compares each entity's posture with the one the previous run of the fact
 * retriever saw (kept in the plugin's cache, so any replica that runs the
 * scheduled retriever next has it) and tells the entity's owner through the
 * notifications backend. The notification's scope is the entity and a hash
 * of the change, so the same change is one notification however often it is
 * seen; the recipient is the entity itself, which the notifications backend
 * resolves to its owner.
 * @public
 */
export class PostureNotifier {
  constructor(
    private readonly deps: {
      cache: CacheService;
      notifications: NotificationService;
      logger: LoggerService;
      settings: PostureNotificationSettings;
    },
  ) {}

  /** Records the entity's posture and notifies its owner of a change. */
  async observe(
    entity: CompoundEntityRef,
    posture: EntityPosture | undefined,
  ): Promise<void> {
    const { cache, settings } = this.deps;
    const ref = stringifyEntityRef(entity);
    const key = `posture:${ref}`;
    const previous = (await cache.get(key)) as EntityPosture | undefined;
    if (posture) {
      await cache.set(key, posture as never, { ttl: POSTURE_TTL_MS });
    } else if (previous) {
      await cache.delete(key);
    }
    const change = detectPostureChanges(previous, posture);
    if (!change) return;
    const regression = isRegression(change);
    if (regression ? !settings.regressions : !settings.improvements) return;
    await this.send(entity, ref, change, regression);
  }

  private async send(
    entity: CompoundEntityRef,
    ref: string,
    change: PostureChange,
    regression: boolean,
  ) {
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
    } catch (error) {
      logger.warn(`Could not notify the owner of ${ref}: ${error}`);
    }
  }
}
