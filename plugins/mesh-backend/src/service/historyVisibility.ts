import type { CoverageHistoryResponse } from '@mesh-portal/plugin-mesh-common';

/** Prefix of owner-keyed history series (`owner:<ref>`). */
const OWNER_PREFIX = 'owner:';
/** Key of the series of workloads no entity claims. */
const UNOWNED = 'unowned';

/**
 * Drops owner-keyed series of owners the caller knows of no readable entity
 * for: the series key alone would name them. `owner:unowned` and series of
 * other groupings (mesh-wide counts) stay. An owner's series still counts all
 * its workloads, since history is recorded mesh-wide.
 * @internal
 */
export function withVisibleOwners(
  response: CoverageHistoryResponse,
  visibleOwners: Set<string>,
): CoverageHistoryResponse {
  const series: CoverageHistoryResponse['series'] = {};
  for (const [key, points] of Object.entries(response.series)) {
    if (key.startsWith(OWNER_PREFIX)) {
      const owner = key.slice(OWNER_PREFIX.length);
      if (owner !== UNOWNED && !visibleOwners.has(owner)) continue;
    }
    series[key] = points;
  }
  return { ...response, series };
}
