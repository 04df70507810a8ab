import {
  AnyParams,
  RouteFunc,
  RouteRef,
  useRouteRef,
} from '@backstage/core-plugin-api';

/**
 * `useRouteRef` that returns `undefined` instead of throwing when the route
 * is not mounted in the app, so a link can be left out rather than
 * breaking the card (an app may show the card without the tab).
 * @public
 */
export function useOptionalRouteRef<Params extends AnyParams>(
  routeRef: RouteRef<Params>,
): RouteFunc<Params> | undefined {
  try {
    // The hook calls inside useRouteRef run in the same order on every
    // render; only its final "not mounted" check throws.
    return useRouteRef(routeRef);
  } catch {
    return undefined;
  }
}
