import { useSignal } from '@backstage/plugin-signals-react';
import type { MeshSignalMessage } from '@mesh-portal/plugin-mesh-common';
import { useEffect, useRef, useState } from 'react';

/**
 * How often data that signals keep fresh is still reloaded when the app has
 * Backstage signals: a safety net for a signal lost on the way (a dropped
 * WebSocket, a replica that computed the snapshot without an events bus to
 * the one the page talks to).
 */
export const LIVE_SAFETY_INTERVAL_MS = 5 * 60_000;

/**
 * What {@link useMeshLiveUpdates} reports.
 */
export interface MeshLiveUpdates {
  /**
   * True when the app has Backstage signals (`@backstage/plugin-signals`
   * installed): pages then reload on signals and poll only slowly.
   */
  live: boolean;
  /** How many signals arrived on the channel; a dependency to reload on. */
  updates: number;
}

/**
 * Follows one mesh signal channel (`mesh:snapshot` or an entity's
 * `mesh:entity:<ref>`). Without the signals plugin it never counts an
 * update and says `live: false`, so callers keep polling as before.
 */
export function useMeshLiveUpdates(channel: string): MeshLiveUpdates {
  const { lastSignal, isSignalsAvailable } =
    useSignal<MeshSignalMessage>(channel);
  const [updates, setUpdates] = useState(0);
  useEffect(() => {
    if (lastSignal) setUpdates(count => count + 1);
  }, [lastSignal]);
  return { live: isSignalsAvailable, updates };
}

/**
 * The polling period of data that signals keep fresh: `intervalMs` without
 * signals, else a slow safety poll (0 keeps polling off).
 */
export function liveRefreshInterval(intervalMs: number, live: boolean): number {
  if (!live || intervalMs <= 0) return intervalMs;
  return Math.max(intervalMs, LIVE_SAFETY_INTERVAL_MS);
}

/** Calls `reload` each time `updates` grows (not on the first render). */
export function useReloadOnUpdate(updates: number, reload: () => void): void {
  const reloadRef = useRef(reload);
  reloadRef.current = reload;
  useEffect(() => {
    if (updates > 0) reloadRef.current();
  }, [updates]);
}
