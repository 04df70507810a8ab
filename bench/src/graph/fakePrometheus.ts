import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GeneratedEdge } from './generatedMesh';

/** A Prometheus-compatible query API on a loopback socket, counting its queries. */
export interface FakePrometheus {
  url: string;
  /** Queries answered since start. */
  count(): number;
  close(): Promise<void>;
}

type Vector = Array<{
  metric: Record<string, string>;
  value: [number, string];
}>;

/**
 * Which of the plugin's queries a PromQL text is, told by its metric
 * selectors and grouping (the bench may not import the plugin's query
 * builder): the six of the graph, and the three the background collection
 * adds for the edge detail.
 */
function queryName(promql: string): string {
  if (promql.includes('"unit", "requests"')) return 'edge_rate';
  if (promql.includes('istio_tcp_sent_bytes_total')) return 'tcp_sent';
  if (promql.includes('sum by (le,reporter,')) return 'edge_latency';
  if (promql.startsWith('label_replace(histogram_quantile')) return 'latency';
  if (promql.includes('app="ztunnel"')) return 'tcp_ztunnel';
  if (promql.includes('istio_tcp_received_bytes_total{reporter="source"')) {
    return 'tcp_source_unreported';
  }
  if (promql.includes('istio_tcp_received_bytes_total'))
    return 'tcp_destination';
  if (promql.includes('istio_requests_total{reporter="source"')) {
    return 'requests_source_unreported';
  }
  return 'requests_destination';
}

function endLabels(edge: GeneratedEdge) {
  const { src, dst } = edge;
  return {
    source_cluster: src.cluster,
    source_workload_namespace: src.namespace,
    source_workload: src.name,
    destination_cluster: dst.cluster,
    destination_workload_namespace: dst.namespace,
    destination_workload: dst.name,
    destination_service: `${dst.name}.${dst.namespace}.svc.cluster.local`,
    destination_service_namespace: dst.namespace,
  };
}

/** What the destination proxies of `edges` report, as the six answers. */
function answersOf(edges: GeneratedEdge[]): Record<string, string> {
  const requests: Vector = [];
  const latency: Vector = [];
  const tcp: Vector = [];
  // Per workload pair (no Service): the background's edge detail set.
  const edgeLatency: Vector = [];
  const tcpSent: Vector = [];
  const edgeRate: Vector = [];
  const sample = (metric: Record<string, string>, value: number) => ({
    metric,
    value: [0, String(value)] as [number, string],
  });
  for (const edge of edges) {
    const base = {
      reporter: 'destination',
      ...endLabels(edge),
      response_flags: '-',
      connection_security_policy: edge.mtls ? 'mutual_tls' : 'none',
    };
    const {
      destination_service: _service,
      destination_service_namespace: _serviceNamespace,
      ...pair
    } = endLabels(edge);
    const perPair = { reporter: 'destination', ...pair };
    if (edge.protocol === 'tcp') {
      tcp.push(sample(base, edge.rate));
      tcpSent.push(sample(base, edge.rate / 4));
      edgeRate.push(sample({ ...perPair, unit: 'bytes' }, edge.rate));
      continue;
    }
    edgeRate.push(sample({ ...perPair, unit: 'requests' }, edge.rate));
    const grpc = edge.protocol === 'grpc';
    const request = {
      ...base,
      request_protocol: edge.protocol,
      grpc_response_status: grpc ? '0' : '',
      response_code: '200',
    };
    requests.push(sample(request, edge.rate - edge.failures));
    if (edge.failures > 0) {
      requests.push(
        sample(
          {
            ...request,
            response_code: grpc ? '200' : '503',
            grpc_response_status: grpc ? '14' : '',
          },
          edge.failures,
        ),
      );
    }
    for (const [quantile, ms] of [
      ['0.5', 12],
      ['0.95', 48],
      ['0.99', 95],
    ] as const) {
      latency.push(sample({ ...endLabels(edge), quantile }, ms));
      edgeLatency.push(sample({ ...perPair, quantile }, ms));
    }
  }
  const body = (result: Vector) =>
    JSON.stringify({
      status: 'success',
      data: { resultType: 'vector', result },
    });
  return {
    requests_destination: body(requests),
    latency: body(latency),
    tcp_destination: body(tcp),
    requests_source_unreported: body([]),
    tcp_source_unreported: body([]),
    tcp_ztunnel: body([]),
    edge_latency: body(edgeLatency),
    tcp_sent: body(tcpSent),
    edge_rate: body(edgeRate),
  };
}

/** Starts one cluster's fake Prometheus: the edges its destination proxies report. */
export async function startFakePrometheus(
  edges: GeneratedEdge[],
): Promise<FakePrometheus> {
  const answers = answersOf(edges);
  let count = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', chunk => {
      body += chunk;
    });
    req.on('end', () => {
      count++;
      const query = new URLSearchParams(body).get('query') ?? '';
      res.setHeader('Content-Type', 'application/json');
      res.end(answers[queryName(query)]);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    count: () => count,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
