import type { EdgeDetailResponse } from '@mesh-portal/plugin-mesh-common';

const TIME = '2026-11-26T07:00:00.000Z';

/**
 * The detail of an HTTP edge with 503 `UC` failures only the client saw
 * (a STRICT server refusing plaintext), for any pair of workload ids.
 */
export function edgeDetailFixture(
  source: string,
  destination: string,
): EdgeDetailResponse {
  const node = (id: string) => {
    const [cluster, namespace, , name] = id.split('/');
    return { id, type: 'workload' as const, cluster, namespace, name };
  };
  return {
    source: node(source),
    destination: node(destination),
    window: '5m',
    dataTime: TIME,
    ageSeconds: 12,
    collection: 'background',
    requestsPerSecond: 3.2,
    responses: [
      {
        protocol: 'grpc',
        code: '200',
        grpcStatus: '0',
        flags: '-',
        requestsPerSecond: 2.9,
        reporter: 'destination',
      },
      {
        protocol: 'grpc',
        code: '503',
        flags: 'UC',
        requestsPerSecond: 0.25,
        reporter: 'source',
      },
      {
        protocol: 'grpc',
        code: '200',
        grpcStatus: '5',
        flags: '-',
        requestsPerSecond: 0.05,
        reporter: 'destination',
      },
    ],
    latencyMs: { p50: 120, p95: 230, p99: 480 },
    mtlsShare: 0.75,
    rate: {
      unit: 'requests',
      stepSeconds: 15,
      points: [3, 3.1, 3.4, undefined, 3.2].map((value, i) => ({
        time: new Date(Date.parse(TIME) - (4 - i) * 15_000).toISOString(),
        ...(value === undefined ? {} : { value }),
      })),
    },
    sources: [{ name: 'platform', ok: true, queries: 4, durationMs: 12 }],
  };
}
