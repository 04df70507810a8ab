import http from 'node:http';
import { AddressInfo } from 'node:net';
import { renderTextExposition } from './exposition';
import { ScrapeTarget } from './series';

/** One running telemetry endpoint server (one per simulated cluster). */
export interface TelemetryServer {
  cluster: string;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  targets: ScrapeTarget[];
  close(): Promise<void>;
}

/**
 * Serves one cluster's simulated proxies on loopback: each proxy's metrics at
 * its own path (`/pods/<namespace>/<pod>/stats/prometheus`), an index of the
 * paths at `/`, and `/healthz`. Values are computed at request time from the
 * same functions the backfill uses, so history and live data join up.
 */
export async function startTelemetryServer(options: {
  cluster: string;
  targets: ScrapeTarget[];
  anchorSeconds: number;
  port?: number;
  /** Clock override for tests (seconds since the epoch). */
  now?: () => number;
}): Promise<TelemetryServer> {
  const byPath = new Map(options.targets.map(t => [t.path, t]));
  const now = options.now ?? (() => Date.now() / 1000);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          cluster: options.cluster,
          proxies: options.targets.map(t => ({
            namespace: t.pod.namespace,
            pod: t.pod.name,
            path: t.path,
          })),
        }),
      );
      return;
    }
    const target = byPath.get(url.pathname);
    if (!target) {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end('no such proxy\n');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    });
    res.end(renderTextExposition(target, now(), options.anchorSeconds));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    cluster: options.cluster,
    url: `http://127.0.0.1:${port}`,
    port,
    targets: options.targets,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
