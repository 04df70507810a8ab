import { configApiRef, useApi } from '@backstage/core-plugin-api';

/** Default auto-refresh period of the card and the tab. */
export const DEFAULT_REFRESH_INTERVAL_MS = 30_000;

/**
 * The auto-refresh period: the component's prop, else
 * `mesh.refreshIntervalMs` from the app config, else 30 s.
 */
export function useRefreshInterval(fromProps?: number): number {
  const config = useApi(configApiRef);
  if (fromProps !== undefined) {
    return fromProps;
  }
  return (
    config.getOptionalNumber('mesh.refreshIntervalMs') ??
    DEFAULT_REFRESH_INTERVAL_MS
  );
}
