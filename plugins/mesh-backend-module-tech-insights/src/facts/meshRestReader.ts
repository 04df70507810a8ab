import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import type {
  EntityMeshResponse,
  EntityReadinessResponse,
  InboundMtlsResponse,
} from '@mesh-portal/plugin-mesh-common';

/** What the fact retriever needs of one entity from the mesh backend. */
export interface EntityMeshReading {
  view: EntityMeshResponse;
  /** Undefined when the backend has no telemetry or saw no inbound traffic. */
  observedInboundMtlsShare?: number;
  /** Undefined when the backend has no telemetry. */
  readiness?: EntityReadinessResponse;
}

function entityPath({ namespace, kind, name }: CompoundEntityRef) {
  return [namespace, kind, name].map(encodeURIComponent).join('/');
}

/**
 * Reads the mesh backend's REST API with this plugin's own service
 * credentials: the facts come from mesh's stored snapshot and cached
 * telemetry, never from the clusters themselves, and whether Tech Insights
 * runs in the same backend or another one makes no difference.
 */
export class MeshRestReader {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  private async get(path: string): Promise<Response> {
    const { discovery, auth } = this.deps;
    const [baseUrl, { token }] = await Promise.all([
      discovery.getBaseUrl('mesh'),
      auth.getPluginRequestToken({
        onBehalfOf: await auth.getOwnServiceCredentials(),
        targetPluginId: 'mesh',
      }),
    ]);
    return fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
  }

  /**
   * The entity's mesh view, observed inbound mTLS share and STRICT
   * readiness; undefined when
   * the mesh backend does not know the entity (404).
   */
  async read(
    entity: CompoundEntityRef,
  ): Promise<EntityMeshReading | undefined> {
    const path = entityPath(entity);
    const viewResponse = await this.get(`/entity/${path}`);
    if (viewResponse.status === 404) return undefined;
    if (!viewResponse.ok) throw await ResponseError.fromResponse(viewResponse);
    const view = (await viewResponse.json()) as EntityMeshResponse;

    // Mounted only when telemetry is configured (404 otherwise).
    const mtlsResponse = await this.get(`/mtls/entity/${path}`);
    if (mtlsResponse.status === 404) return { view };
    if (!mtlsResponse.ok) throw await ResponseError.fromResponse(mtlsResponse);
    const mtls = (await mtlsResponse.json()) as InboundMtlsResponse;

    const readinessResponse = await this.get(`/readiness/entity/${path}`);
    if (!readinessResponse.ok && readinessResponse.status !== 404) {
      throw await ResponseError.fromResponse(readinessResponse);
    }
    const readiness = readinessResponse.ok
      ? ((await readinessResponse.json()) as EntityReadinessResponse)
      : undefined;
    return { view, observedInboundMtlsShare: mtls.mtlsShare, readiness };
  }
}
