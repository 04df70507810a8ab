import type { GraphNode, Workload } from '@mesh-portal/plugin-mesh-common';

/**
 * `native sidecar` (an init container that keeps running, M4) or `classic
 * sidecar` for workloads with injected proxies, when the engine knows;
 * undefined otherwise. Shown as text: the two differ at startup and shutdown.
 * @public
 */
export function sidecarKindText(workload: Workload): string | undefined {
  const { state, nativeSidecar } = workload.membership;
  if (nativeSidecar === undefined) return undefined;
  if (state !== 'sidecar' && state !== 'partial') return undefined;
  return nativeSidecar ? 'native sidecar' : 'classic sidecar';
}

/**
 * The same words for a graph node, when the backend says which kind its
 * workloads run (every workload of an entity node alike).
 */
export function nodeSidecarText(node: GraphNode): string | undefined {
  if (node.nativeSidecar === undefined) return undefined;
  return node.nativeSidecar ? 'native sidecar' : 'classic sidecar';
}
