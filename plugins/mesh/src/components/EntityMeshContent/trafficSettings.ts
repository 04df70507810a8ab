import {
  TRAFFIC_WINDOWS,
  type TrafficWindow,
} from '@mesh-portal/plugin-mesh-common';
import type {
  TrafficDepth,
  TrafficDisplay,
  TrafficSettings,
  TrafficView,
} from './TrafficControls';

const DEPTHS: TrafficDepth[] = [1, 2, 3];
const VIEWS: TrafficView[] = ['workload', 'service'];
const DISPLAYS: TrafficDisplay[] = ['graph', 'table'];

function oneOf<T>(values: readonly T[], raw: T | null, fallback: T): T {
  return raw !== null && values.includes(raw) ? raw : fallback;
}

/**
 * Reads the traffic settings of the Mesh tab from the URL (`depth`,
 * `window`, `view`, `display`); missing or unknown values take the defaults.
 */
export function parseTrafficSettings(
  params: URLSearchParams,
  defaults: TrafficSettings,
): TrafficSettings {
  return {
    depth: oneOf(
      DEPTHS,
      Number(params.get('depth')) as TrafficDepth,
      defaults.depth,
    ),
    window: oneOf(
      TRAFFIC_WINDOWS,
      params.get('window') as TrafficWindow | null,
      defaults.window,
    ),
    view: oneOf(VIEWS, params.get('view') as TrafficView | null, defaults.view),
    display: oneOf(
      DISPLAYS,
      params.get('display') as TrafficDisplay | null,
      defaults.display,
    ),
  };
}

/** Writes the traffic settings to URL params, leaving defaults out. */
export function serializeTrafficSettings(
  settings: TrafficSettings,
  defaults: TrafficSettings,
): URLSearchParams {
  const params = new URLSearchParams();
  if (settings.depth !== defaults.depth) {
    params.set('depth', String(settings.depth));
  }
  if (settings.window !== defaults.window) {
    params.set('window', settings.window);
  }
  if (settings.view !== defaults.view) params.set('view', settings.view);
  if (settings.display !== defaults.display) {
    params.set('display', settings.display);
  }
  return params;
}
