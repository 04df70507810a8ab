import { FindingSink } from './findings/FindingSink';
import type { PeerAuthenticationInfo } from './parse/istio';
import { parsePeerAuthentication } from './parse/istio';
import { parseList } from './parse/parseList';

/**
 * The PeerAuthentications of one cluster's objects, parsed as the engine
 * parses them. Malformed ones are dropped here: the engine's own run already
 * reported them as findings.
 */
export function peerAuthenticationsOf(
  cluster: string,
  list: unknown,
): PeerAuthenticationInfo[] {
  return parseList(
    { cluster, sink: new FindingSink() },
    'PeerAuthentication',
    list,
    parsePeerAuthentication,
  );
}
