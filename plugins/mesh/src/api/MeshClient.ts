import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';
import type {
  AuditFindingsQuery,
  AuditFindingsResponse,
  AuditQuery,
  AuditResponse,
  ClustersResponse,
  CoverageHistoryResponse,
  EdgeDetailResponse,
  EntityGraphQuery,
  EntityMeshResponse,
  EntityReadinessResponse,
  GraphResponse,
  InboundMtlsResponse,
  MeshGraphQuery,
  ReadinessAuditResponse,
} from '@mesh-portal/plugin-mesh-common';
import type { MeshApi } from './MeshApi';

/** A query value: arrays become repeated keys, undefined is left out. */
type QueryValue = string | number | boolean | string[] | undefined;

/**
 * Builds `?a=1&b=x&b=y` from a query object. Arrays become repeated keys
 * (what the backend expects for multi-valued filters); `undefined` and empty
 * arrays are left out. `URLSearchParams` does the escaping.
 */
function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) {
    return '';
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) {
      continue;
    }
    if (Array.isArray(value)) {
      value.forEach(item => params.append(key, item));
    } else {
      params.append(key, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** `namespace/kind/name`, each segment escaped so odd names cannot change the path. */
function entityPath(entity: CompoundEntityRef): string {
  const segments = [entity.namespace, entity.kind, entity.name];
  if (segments.some(segment => !segment)) {
    throw new InputError(
      `Entity reference needs a namespace, kind and name, got "${segments.join(
        '/',
      )}"`,
    );
  }
  return segments.map(segment => encodeURIComponent(segment)).join('/');
}

/**
 * {@link MeshApi} over HTTP, on the mesh backend at `discoveryApi.getBaseUrl('mesh')`.
 * Requests go through the `FetchApi`, so they carry the user's Backstage token;
 * any non-2xx answer is thrown as a `ResponseError`.
 * @public
 */
export class MeshClient implements MeshApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getEntityMesh(entity: CompoundEntityRef): Promise<EntityMeshResponse> {
    return this.getJson(`/entity/${entityPath(entity)}`);
  }

  async getEntityGraph(
    entity: CompoundEntityRef,
    query?: EntityGraphQuery,
  ): Promise<GraphResponse> {
    return this.getJson(`/graph/entity/${entityPath(entity)}`, { ...query });
  }

  async getInboundMtls(
    entity: CompoundEntityRef,
    query?: { window?: string },
  ): Promise<InboundMtlsResponse> {
    return this.getJson(`/mtls/entity/${entityPath(entity)}`, { ...query });
  }

  async getEdgeDetail(query: {
    source: string;
    destination: string;
    window?: string;
  }): Promise<EdgeDetailResponse> {
    return this.getJson('/edge', { ...query });
  }

  async getEntityReadiness(
    entity: CompoundEntityRef,
    query?: { window?: string },
  ): Promise<EntityReadinessResponse> {
    return this.getJson(`/readiness/entity/${entityPath(entity)}`, {
      ...query,
    });
  }

  async getReadinessAudit(query?: {
    window?: string;
  }): Promise<ReadinessAuditResponse> {
    return this.getJson('/readiness/audit', { ...query });
  }

  async getAudit(query?: AuditQuery): Promise<AuditResponse> {
    return this.getJson('/audit', { ...query });
  }

  async getAuditFindings(
    query?: AuditFindingsQuery,
  ): Promise<AuditFindingsResponse> {
    return this.getJson('/audit/findings', { ...query });
  }

  async getAuditHistory(query?: {
    groupBy?: 'owner' | 'cluster' | 'namespace' | 'all';
    key?: string[];
    days?: number;
  }): Promise<CoverageHistoryResponse> {
    return this.getJson('/audit/history', { ...query });
  }

  async exportAuditCsv(query?: AuditQuery): Promise<string> {
    const response = await this.request('/audit/export.csv', { ...query });
    return response.text();
  }

  async getMeshGraph(query?: MeshGraphQuery): Promise<GraphResponse> {
    return this.getJson('/graph/mesh', { ...query });
  }

  async getClusters(): Promise<ClustersResponse> {
    return this.getJson('/clusters');
  }

  private async getJson<T>(
    path: string,
    query?: Record<string, QueryValue>,
  ): Promise<T> {
    const response = await this.request(path, query);
    return (await response.json()) as T;
  }

  private async request(
    path: string,
    query?: Record<string, QueryValue>,
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('mesh');
    const url = `${baseUrl}${path}${toQueryString(query)}`;
    const response = await this.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
