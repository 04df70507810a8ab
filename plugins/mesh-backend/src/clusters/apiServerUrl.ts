import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Address ranges that are not public unicast: loopback, private, link-local,
 * shared (CGNAT), multicast, reserved, documentation and their IPv6 kin. A
 * catalog entity must not point the backend at them (SSRF).
 */
const NON_PUBLIC = (() => {
  const list = new BlockList();
  const v4: Array<[string, number]> = [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.88.99.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ];
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, 'ipv4');
  const v6: Array<[string, number]> = [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ];
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, 'ipv6');
  return list;
})();

/** Whether an IP address is anything but public unicast. */
export function isNonPublicAddress(address: string): boolean {
  // An IPv4-mapped IPv6 address is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isNonPublicAddress(mapped[1]);
  const family = isIP(address);
  if (family === 0) return true;
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Whether a host name matches one of the `dangerouslyAllowClusterUrls` patterns. */
function isAllowedHost(hostname: string, patterns: string[]): boolean {
  return patterns.some(raw => {
    const pattern = raw.toLowerCase();
    if (pattern.startsWith('*.')) {
      return (
        hostname.endsWith(pattern.slice(1)) || hostname === pattern.slice(2)
      );
    }
    return hostname === pattern;
  });
}

/** Resolves a host name to every address (replaceable in tests). */
export type ResolveHost = (hostname: string) => Promise<string[]>;

const resolveWithDns: ResolveHost = async hostname =>
  (await lookup(hostname, { all: true })).map(entry => entry.address);

/**
 * Checks the API server URL of a catalog cluster by the Kubernetes plugin's
 * rule: an http(s) URL without credentials; unless its host is listed in
 * `dangerouslyAllowClusterUrls`, HTTPS only and a host that is, and
 * resolves to, public addresses only.
 * @throws Error saying what is wrong (the URL carries no secret).
 */
export async function checkApiServerUrl(
  value: string,
  allowedHosts: string[],
  resolve: ResolveHost = resolveWithDns,
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('is not a valid URL');
  }
  if (url.username || url.password)
    throw new Error('must not contain credentials');
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('must be an http(s) URL');
  }
  // URL keeps the brackets of an IPv6 literal.
  const hostname = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (isAllowedHost(hostname, allowedHosts)) return url;
  if (url.protocol !== 'https:') {
    throw new Error(
      'must use https (list the host in dangerouslyAllowClusterUrls to allow http)',
    );
  }
  const addresses = isIP(hostname) ? [hostname] : await resolve(hostname);
  if (addresses.length === 0 || addresses.some(isNonPublicAddress)) {
    throw new Error(
      `host '${hostname}' is or resolves to a non-public address (list it in dangerouslyAllowClusterUrls to allow it)`,
    );
  }
  return url;
}
