/**
 * The edge detail against a real Prometheus (Debian `prometheus`, backfilled
 * with promtool through the demo's launcher): the queries of
 * `edgeQueries.ts` must parse and give the modelled figures. The expected
 * values come from the model in this file, not from the code under test.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { createTelemetry, createTelemetryService } from '../index';
import { JsonStore } from '../__testUtils__/jsonStore';
import { memoryCache } from '../__testUtils__/memoryCache';
import { CLUSTER_IDS, demoDirectory } from '../__testUtils__/demoFixture';
import {
  openPrometheusFleet,
  prometheusTestsRunnable,
  type PrometheusFleet,
  type RunningPrometheus,
} from '@internal/mesh-demo';

const describeWithPrometheus = prometheusTestsRunnable(
  'real-Prometheus edge detail tests',
)
  ? describe
  : describe.skip;

const P = 'platform-east';
const C = 'compute-west';
const BOUNDS = [5, 10, 25, 50, 100, 250, 500, 1000];

function ends(
  src: [string, string, string],
  dst: [string, string, string],
): Record<string, string> {
  return {
    source_cluster: src[0],
    source_workload_namespace: src[1],
    source_workload: src[2],
    destination_cluster: dst[0],
    destination_workload_namespace: dst[1],
    destination_workload: dst[2],
    destination_service: `${dst[2]}.${dst[1]}.svc.cluster.local`,
  };
}

const FRONTEND_TO_API = ends([P, 'web', 'frontend'], [P, 'api', 'public-api']);
const DRIVER_TO_SHUFFLE = ends([C, 'spark', 'driver'], [C, 'spark', 'shuffle']);
const request = (
  reporter: string,
  code: string,
  flags: string,
  csp: string,
) => ({
  ...FRONTEND_TO_API,
  reporter,
  request_protocol: 'http',
  response_code: code,
  grpc_response_status: '',
  response_flags: flags,
  connection_security_policy: csp,
});

describeWithPrometheus('edge detail against a real Prometheus', () => {
  let fleet: PrometheusFleet | undefined;
  let prometheus: RunningPrometheus | undefined;
  // Whole minutes an hour ago: inside the retention, clear of the head block.
  const end = Math.floor(Date.now() / 60_000) * 60 - 3600;
  const evaluationTime = new Date(end * 1000);

  beforeAll(async () => {
    fleet = await openPrometheusFleet('mesh-edge-detail');
    prometheus = await fleet.start(
      'prometheus',
      [
        {
          type: 'counter',
          name: 'istio_requests_total',
          series: [
            // 9/s succeed over mTLS, both proxies report them.
            {
              labels: request('destination', '200', '-', 'mutual_tls'),
              rate: 9,
            },
            { labels: request('source', '200', '-', 'unknown'), rate: 9 },
            // 1/s fail at the client: 503 UC, which only the source reports.
            { labels: request('source', '503', 'UC', 'unknown'), rate: 1 },
          ],
        },
        {
          type: 'histogram',
          name: 'istio_request_duration_milliseconds',
          series: [
            {
              labels: request('destination', '200', '-', 'mutual_tls'),
              rate: 9,
              bounds: BOUNDS,
              upper: 100,
            },
            // The client's histogram differs: it must not be used here.
            {
              labels: request('source', '200', '-', 'unknown'),
              rate: 9,
              bounds: BOUNDS,
              upper: 1000,
            },
          ],
        },
        {
          type: 'counter',
          name: 'istio_tcp_received_bytes_total',
          series: [
            {
              labels: {
                ...DRIVER_TO_SHUFFLE,
                reporter: 'destination',
                response_flags: '-',
                connection_security_policy: 'none',
              },
              rate: 1000,
            },
          ],
        },
        {
          type: 'counter',
          name: 'istio_tcp_sent_bytes_total',
          series: [
            {
              labels: {
                ...DRIVER_TO_SHUFFLE,
                reporter: 'destination',
                response_flags: '-',
                connection_security_policy: 'none',
              },
              rate: 300,
            },
          ],
        },
      ],
      { start: end - 900, end, stepSeconds: 15 },
    );
  });

  afterAll(async () => {
    await fleet?.stop();
  });

  function options(now: () => Date) {
    return {
      config: {
        sources: { clusters: [{ name: 'platform', url: prometheus!.url }] },
        window: '5m',
        scrapeIntervalSeconds: 15,
        cacheTtlMs: 15_000,
        links: [],
      },
      directory: demoDirectory(),
      clusterIds: () => CLUSTER_IDS,
      cache: memoryCache(),
      logger: mockServices.logger.mock(),
      now,
    };
  }

  function service() {
    return createTelemetryService(options(() => evaluationTime));
  }

  /**
   * A service answering from its background collection, collected every
   * 15 s up to the evaluation time `times` times, as the scheduled task
   * would have: after 20 runs the rate points are all collected ones, after
   * one run all but the newest are backfilled.
   */
  async function collectedService(times: number) {
    let now = evaluationTime.getTime() - times * 15_000;
    const { service: collected, background } = createTelemetry({
      ...options(() => new Date(now)),
      background: {
        store: new JsonStore(),
        windows: ['5m', '1m'],
        intervalMs: 15_000,
      },
    });
    while (now < evaluationTime.getTime()) {
      now += 15_000;
      await background!.collect();
    }
    return collected;
  }

  it('G8, O1: codes and flags with the 503 UC only the client saw, quantiles from the destination, the rate over the window', async () => {
    const detail = await service().getEdgeDetail(
      'platform/web/Deployment/frontend',
      'platform/api/Deployment/public-api',
      { window: '5m' },
    );
    expect(detail.sources).toEqual([
      expect.objectContaining({ name: 'platform', ok: true, queries: 4 }),
    ]);
    expect(detail.requestsPerSecond).toBeCloseTo(10, 4);
    expect(
      detail.responses.map(r => [
        r.code,
        r.flags,
        r.reporter,
        Number(r.requestsPerSecond.toFixed(4)),
      ]),
    ).toEqual([
      ['200', '-', 'destination', 9],
      ['503', 'UC', 'source', 1],
    ]);
    // Every observation in (50, 100]: Prometheus interpolates linearly.
    expect(detail.latencyMs?.p50).toBeCloseTo(75, 4);
    expect(detail.latencyMs?.p99).toBeCloseTo(99.5, 4);
    expect(detail.latencyFromSource).toBeUndefined();
    expect(detail.mtlsShare).toBe(1);
    expect(detail.rate.unit).toBe('requests');
    expect(detail.rate.points).toHaveLength(20);
    // The client's report (10/s) is the larger at every point.
    for (const point of detail.rate.points) {
      expect(point.value).toBeCloseTo(10, 4);
    }
    expect(detail.rate.points[19].time).toBe(evaluationTime.toISOString());
  });

  it('G12: TCP bytes both ways, plaintext', async () => {
    const detail = await service().getEdgeDetail(
      'compute/spark/Deployment/driver',
      'compute/spark/Deployment/shuffle',
      { window: '1m' },
    );
    expect(detail.requestsPerSecond).toBeUndefined();
    expect(detail.tcp?.bytesFromClient).toBeCloseTo(1000, 4);
    expect(detail.tcp?.bytesFromServer).toBeCloseTo(300, 4);
    expect(detail.mtlsShare).toBe(0);
    expect(detail.rate).toMatchObject({ unit: 'bytes', stepSeconds: 15 });
    expect(detail.rate.points).toHaveLength(4);
    expect(detail.rate.points[3].value).toBeCloseTo(1000, 4);
  });

  it.each([
    [
      'G8, O1: HTTP with the 503 UC only the client saw',
      'platform/web/Deployment/frontend',
      'platform/api/Deployment/public-api',
      '5m',
    ],
    [
      'G12: TCP both ways',
      'compute/spark/Deployment/driver',
      'compute/spark/Deployment/shuffle',
      '1m',
    ],
  ])(
    '%s: the answer from the background collection equals the on-demand one, collected point by point or backfilled',
    async (_rule, from, to, window) => {
      const onDemand = await service().getEdgeDetail(from, to, { window });
      expect(onDemand.collection).toBe('on-demand');
      const traffic = ({
        sources: _s,
        collection: _c,
        ageSeconds: _a,
        ...rest
      }: typeof onDemand) => rest;
      for (const times of [20, 1]) {
        const collected = await (
          await collectedService(times)
        ).getEdgeDetail(from, to, { window });
        expect(collected.collection).toBe('background');
        expect(collected.dataTime).toBe(onDemand.dataTime);
        expect(traffic(collected)).toEqual(traffic(onDemand));
        expect(collected.rate.points.length).toBeGreaterThan(0);
      }
    },
  );
});
