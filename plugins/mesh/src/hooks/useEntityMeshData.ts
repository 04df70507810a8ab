import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type {
  EntityGraphQuery,
  EntityMeshResponse,
  EntityReadinessResponse,
  GraphResponse,
  InboundMtlsResponse,
} from '@mesh-portal/plugin-mesh-common';
import { meshApiRef } from '../api';
import { PolledAsyncState, usePolledAsync } from './usePolledAsync';

/**
 * The mesh view of the current entity (`useEntity`), reloaded every `intervalMs`.
 */
export function useEntityMesh(
  intervalMs: number,
): PolledAsyncState<EntityMeshResponse> {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const ref = getCompoundEntityRef(entity);
  return usePolledAsync(
    () => meshApi.getEntityMesh(ref),
    [meshApi, ref.kind, ref.namespace, ref.name],
    intervalMs,
  );
}

/**
 * The traffic neighbourhood of the current entity, reloaded every `intervalMs`.
 */
export function useEntityGraph(
  query: Required<EntityGraphQuery>,
  intervalMs: number,
): PolledAsyncState<GraphResponse> {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const ref = getCompoundEntityRef(entity);
  return usePolledAsync(
    () => meshApi.getEntityGraph(ref, query),
    [
      meshApi,
      ref.kind,
      ref.namespace,
      ref.name,
      query.depth,
      query.window,
      query.view,
    ],
    intervalMs,
  );
}

/**
 * Observed inbound mTLS of the current entity, reloaded every `intervalMs`.
 */
export function useInboundMtls(
  intervalMs: number,
  window?: string,
): PolledAsyncState<InboundMtlsResponse> {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const ref = getCompoundEntityRef(entity);
  return usePolledAsync(
    () => meshApi.getInboundMtls(ref, window ? { window } : undefined),
    [meshApi, ref.kind, ref.namespace, ref.name, window],
    intervalMs,
  );
}

/**
 * STRICT readiness of the current entity's workloads (default window),
 * reloaded every `intervalMs` (the backend caches the long-window queries).
 */
export function useEntityReadiness(
  intervalMs: number,
): PolledAsyncState<EntityReadinessResponse> {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const ref = getCompoundEntityRef(entity);
  return usePolledAsync(
    () => meshApi.getEntityReadiness(ref),
    [meshApi, ref.kind, ref.namespace, ref.name],
    intervalMs,
  );
}
