import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  meshEntitySignalChannel,
  type EntityGraphQuery,
  type EntityMeshResponse,
  type EntityReadinessResponse,
  type GraphResponse,
  type InboundMtlsResponse,
} from '@mesh-portal/plugin-mesh-common';
import { useEffect, useState } from 'react';
import { meshApiRef } from '../api';
import {
  liveRefreshInterval,
  useMeshLiveUpdates,
  useReloadOnUpdate,
} from './useMeshLiveUpdates';
import { PolledAsyncState, usePolledAsync } from './usePolledAsync';

/** Signals that the current entity's mesh view changed (its card and tab). */
function useEntityLiveUpdates() {
  const { entity } = useEntity();
  return useMeshLiveUpdates(
    meshEntitySignalChannel(stringifyEntityRef(entity)),
  );
}

/**
 * The mesh view of the current entity (`useEntity`), reloaded every
 * `intervalMs`; with Backstage signals, reloaded as soon as mesh signals a
 * change of it, and polled only slowly as a safety net while every cluster
 * of the answer is healthy.
 */
export function useEntityMesh(
  intervalMs: number,
): PolledAsyncState<EntityMeshResponse> {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const ref = getCompoundEntityRef(entity);
  const { live, updates } = useEntityLiveUpdates();
  // Signals follow the model, not the clusters' health: while a cluster of
  // the answer is failing or stale, poll as without signals, so that its
  // recovery shows as soon as before.
  const [clustersHealthy, setClustersHealthy] = useState(true);
  const state = usePolledAsync(
    () => meshApi.getEntityMesh(ref),
    [meshApi, ref.kind, ref.namespace, ref.name],
    liveRefreshInterval(intervalMs, live && clustersHealthy),
  );
  useReloadOnUpdate(updates, state.retry);
  const healthy =
    state.value?.clusters.every(cluster => cluster.ok && !cluster.stale) ??
    true;
  useEffect(() => setClustersHealthy(healthy), [healthy]);
  return state;
}

/**
 * The traffic neighbourhood of the current entity, reloaded every `intervalMs`
 * (telemetry changes without a snapshot) and when mesh signals a change of
 * the entity (its nodes' membership and mTLS).
 */
export function useEntityGraph(
  query: Required<EntityGraphQuery>,
  intervalMs: number,
): PolledAsyncState<GraphResponse> {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const ref = getCompoundEntityRef(entity);
  const { updates } = useEntityLiveUpdates();
  const state = usePolledAsync(
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
  useReloadOnUpdate(updates, state.retry);
  return state;
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
 * reloaded every `intervalMs` (the backend caches the long-window queries)
 * and when mesh signals a change of the entity (its PeerAuthentications).
 */
export function useEntityReadiness(
  intervalMs: number,
): PolledAsyncState<EntityReadinessResponse> {
  const { entity } = useEntity();
  const meshApi = useApi(meshApiRef);
  const ref = getCompoundEntityRef(entity);
  const { updates } = useEntityLiveUpdates();
  const state = usePolledAsync(
    () => meshApi.getEntityReadiness(ref),
    [meshApi, ref.kind, ref.namespace, ref.name],
    intervalMs,
  );
  useReloadOnUpdate(updates, state.retry);
  return state;
}
