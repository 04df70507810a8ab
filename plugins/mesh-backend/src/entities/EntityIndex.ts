import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  KUBERNETES_ID_ANNOTATION,
  KUBERNETES_LABEL_SELECTOR_ANNOTATION,
} from '@mesh-portal/plugin-mesh-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ServiceLocatorMethod } from '../config';
import type { SnapshotManager } from '../snapshot';
import {
  EntityWorkloadSelector,
  matchEntityWorkloads,
  selectorOfEntity,
  selectorSpecificity,
  toEntityRef,
} from './entityWorkloads';

/**
 * What the mesh needs to know of one annotated catalog entity.
 * @public
 */
export interface EntityInfo {
  ref: string;
  title?: string;
  owner?: string;
  system?: string;
  dependsOn: string[];
  consumesApis: string[];
  providesApis: string[];
}

/** The fields read from the catalog: enough to match and to label rows. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
  'spec.dependsOn',
  'relations',
];

function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => relation.targetRef)
    .sort();
}

/** Reads the owner, system and relations of an entity. */
export function entityInfoOf(entity: Entity): EntityInfo {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as Record<string, unknown>;
  const dependsOn = relationTargets(entity, 'dependsOn');
  return {
    ref: stringifyEntityRef(entity),
    title: entity.metadata.title,
    owner: toEntityRef(spec.owner, 'group', namespace),
    system: toEntityRef(spec.system, 'system', namespace),
    dependsOn: dependsOn.length
      ? dependsOn
      : ((Array.isArray(spec.dependsOn) ? spec.dependsOn : [])
          .map(target => toEntityRef(target, 'component', namespace))
          .filter(Boolean) as string[]),
    consumesApis: relationTargets(entity, 'consumesApi'),
    providesApis: relationTargets(entity, 'providesApi'),
  };
}

interface Claims {
  viewVersion: number;
  entitiesVersion: number;
  /**
   * workload id -> every entity claiming it, the most specific selector
   * first (then by ref): the first is shown as the owner.
   */
  byWorkload: Map<string, EntityInfo[]>;
  /** entity ref -> workload ids */
  byEntity: Map<string, string[]>;
}

/**
 * Every catalog entity carrying the Kubernetes annotations, read periodically
 * with the plugin's own credentials, and which workloads each one claims.
 *
 * This is mesh-wide knowledge used for the audit's ownership column and for
 * joining telemetry to entities; it is always narrowed per caller (see the
 * service's visibility check) before anything reaches a response.
 * @public
 */
export class EntityIndex {
  private entities = new Map<
    string,
    { info: EntityInfo; selector: EntityWorkloadSelector }
  >();
  private entitiesVersion = 0;
  private claims?: Claims;
  private loaded = false;
  private inFlight?: Promise<void>;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      snapshot: SnapshotManager;
      /** `kubernetes.serviceLocatorMethod`: which clusters an entity claims from. */
      serviceLocatorMethod?: ServiceLocatorMethod;
    },
  ) {}

  /** An entity's workload selector under the configured service locator method. */
  selectorOf(entity: Entity): EntityWorkloadSelector | undefined {
    return selectorOfEntity(entity, this.options.serviceLocatorMethod);
  }

  /** Whether the catalog was read at least once. */
  isLoaded() {
    return this.loaded;
  }

  /**
   * Reads every annotated entity from the catalog. Calls made while a read
   * is running share it: until the first load succeeds every request asks
   * for one, and they must not each read the whole catalog.
   */
  reload(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.load().finally(() => {
        this.inFlight = undefined;
      });
    }
    return this.inFlight;
  }

  private async load(): Promise<void> {
    const { catalog, auth } = this.options;
    const { items } = await catalog.getEntities(
      {
        // Either annotation (filters in a list are OR-ed).
        filter: [
          {
            [`metadata.annotations.${KUBERNETES_ID_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
          {
            [`metadata.annotations.${KUBERNETES_LABEL_SELECTOR_ANNOTATION}`]:
              CATALOG_FILTER_EXISTS,
          },
        ],
        fields: FIELDS,
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const entities = new Map<
      string,
      { info: EntityInfo; selector: EntityWorkloadSelector }
    >();
    for (const entity of items) {
      if (!entity?.metadata?.name) continue;
      const selector = this.selectorOf(entity);
      if (!selector) continue;
      const info = entityInfoOf(entity);
      entities.set(info.ref, { info, selector });
    }
    this.entities = entities;
    this.entitiesVersion++;
    this.loaded = true;
  }

  private refList_?: {
    entitiesVersion: number;
    refs: string[];
    positions: Map<string, number>;
  };

  /** Every annotated entity ref. */
  refs(): string[] {
    return [...this.entities.keys()];
  }

  /**
   * The annotated entity refs as one shared list with positions and a
   * version that changes with the list or the claims: per-caller visibility
   * answers are stored as bits over it.
   */
  refList(): {
    version: string;
    refs: readonly string[];
    positions: ReadonlyMap<string, number>;
  } {
    if (this.refList_?.entitiesVersion !== this.entitiesVersion) {
      const refs = this.refs();
      this.refList_ = {
        entitiesVersion: this.entitiesVersion,
        refs,
        positions: new Map(refs.map((ref, i) => [ref, i])),
      };
    }
    return { ...this.refList_, version: this.claimsVersion() };
  }

  /** The workload selector of an annotated entity, as last read. */
  selectorOfRef(ref: string): EntityWorkloadSelector | undefined {
    return this.entities.get(ref)?.selector;
  }

  /** The entity's info, if it is annotated. */
  get(ref: string): EntityInfo | undefined {
    return this.entities.get(ref)?.info;
  }

  private currentClaims(): Claims {
    const view = this.options.snapshot.view();
    if (
      this.claims &&
      this.claims.viewVersion === view.version &&
      this.claims.entitiesVersion === this.entitiesVersion
    ) {
      return this.claims;
    }
    const byWorkload = new Map<string, EntityInfo[]>();
    const byEntity = new Map<string, string[]>();
    const ranked = [...this.entities.values()].sort(
      (a, b) =>
        selectorSpecificity(b.selector) - selectorSpecificity(a.selector) ||
        a.info.ref.localeCompare(b.info.ref),
    );
    for (const { info, selector } of ranked) {
      const ids = matchEntityWorkloads(selector, view.index).map(w => w.id);
      byEntity.set(info.ref, ids);
      for (const id of ids) {
        const claimants = byWorkload.get(id);
        if (claimants) claimants.push(info);
        else byWorkload.set(id, [info]);
      }
    }
    this.claims = {
      viewVersion: view.version,
      entitiesVersion: this.entitiesVersion,
      byWorkload,
      byEntity,
    };
    return this.claims;
  }

  /**
   * The entity shown as a workload's owner: the only one claiming it, or the
   * one with the most specific selector when several do.
   */
  ownerOf(workloadId: string): EntityInfo | undefined {
    return this.currentClaims().byWorkload.get(workloadId)?.[0];
  }

  /**
   * Every entity claiming a workload (empty when unowned). A caller may see a
   * workload only when they may read all of them: otherwise an entity with a
   * broad selector would expose another team's workloads to its own owners.
   */
  claimantsOf(workloadId: string): readonly EntityInfo[] {
    return this.currentClaims().byWorkload.get(workloadId) ?? [];
  }

  /** Workload ids claimed by more than one entity. */
  contestedWorkloads(): string[] {
    const ids: string[] = [];
    for (const [id, claimants] of this.currentClaims().byWorkload) {
      if (claimants.length > 1) ids.push(id);
    }
    return ids;
  }

  /** Workload ids the entity claims. */
  workloadsOf(entityRef: string): string[] {
    return this.currentClaims().byEntity.get(entityRef) ?? [];
  }

  /** Version of the claims, for caches built on top of them. */
  claimsVersion(): string {
    const claims = this.currentClaims();
    return `${claims.viewVersion}:${claims.entitiesVersion}`;
  }
}
