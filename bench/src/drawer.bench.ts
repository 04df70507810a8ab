/**
 * Benchmark of the detail drawer's data request: `GET /api/mesh/edge` on the
 * running demo (target: p95 under 100 ms). The drawer makes exactly this one
 * request when an edge is opened; the node drawer reads `GET /entity/...`,
 * measured by `yarn bench backend`.
 *
 * Needs the demo up (`./scripts/demo.sh`, or `MESH_BENCH_BACKEND_URL`,
 * default `http://localhost:7007`), signed in as the guest:
 *
 *     flock /tmp/mesh-stack.lock ./scripts/demo.sh &   # then, once ready:
 *     yarn bench drawer
 *
 * Opens every workload-to-workload edge of the demo once (the first look
 * at an edge, as a user clicking around does), then the demo's failing edge
 * (web-frontend to public-api, the 503 UC one) 200 times one after the
 * other. Prints p50/p95/p99 of both and how many answers came from the
 * background collection; asserts only that every answer is a 200. The
 * drawer is answered from memory from the background task's first run on
 * (its first run backfills the sparkline's older points).
 */
import { guestToken } from './load/productionStack';

const BACKEND = process.env.MESH_BENCH_BACKEND_URL ?? 'http://localhost:7007';
const REPEATS = 200;

interface Graph {
  nodes: Array<{ id: string; type: string; name: string }>;
  edges: Array<{ source: string; target: string; errorRatio?: number }>;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(
    sorted.length - 1,
    Math.max(0, Math.ceil((p / 100) * sorted.length) - 1),
  );
  return sorted[index];
}

const summary = (values: number[]) =>
  `n=${values.length} p50 ${percentile(values, 50).toFixed(
    1,
  )} ms, p95 ${percentile(values, 95).toFixed(1)} ms, p99 ${percentile(
    values,
    99,
  ).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;

describe('detail drawer: edge request on the demo', () => {
  it('answers GET /edge for every demo edge, and the failing edge repeatedly', async () => {
    let token: string;
    try {
      token = await guestToken(BACKEND);
    } catch (error) {
      throw new Error(
        `The demo backend at ${BACKEND} does not answer (${error}); start it first (see this file's comment).`,
      );
    }
    const headers = { authorization: `Bearer ${token}` };
    // How the answers were made: `background` (from memory) or `on-demand`.
    const collections = new Map<string | undefined, number>();
    const get = async (path: string) => {
      const started = performance.now();
      const res = await fetch(`${BACKEND}/api/mesh${path}`, { headers });
      const body = await res.text();
      const ms = performance.now() - started;
      const { collection } = JSON.parse(body) as { collection?: string };
      collections.set(collection, (collections.get(collection) ?? 0) + 1);
      return { status: res.status, ms };
    };
    const graphRes = await fetch(
      `${BACKEND}/api/mesh/graph/mesh?view=workload`,
      {
        headers,
      },
    );
    expect(graphRes.status).toBe(200);
    const graph = (await graphRes.json()) as Graph;
    const workloads = new Set(
      graph.nodes.filter(n => n.type === 'workload').map(n => n.id),
    );
    const edges = graph.edges.filter(
      e => workloads.has(e.source) && workloads.has(e.target),
    );
    expect(edges.length).toBeGreaterThan(0);
    const pathOf = (e: { source: string; target: string }) =>
      `/edge?source=${encodeURIComponent(
        e.source,
      )}&destination=${encodeURIComponent(e.target)}`;

    const first: number[] = [];
    for (const edge of edges) {
      const { status, ms } = await get(pathOf(edge));
      expect(status).toBe(200);
      first.push(ms);
    }
    const failing =
      edges.find(
        e =>
          e.source.endsWith('/web-frontend') &&
          e.target.endsWith('/public-api'),
      ) ??
      [...edges].sort((a, b) => (b.errorRatio ?? 0) - (a.errorRatio ?? 0))[0];
    const repeated: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const { status, ms } = await get(pathOf(failing));
      expect(status).toBe(200);
      repeated.push(ms);
    }
    // eslint-disable-next-line no-console
    console.log(
      [
        `GET /edge on ${BACKEND}`,
        `  each of the demo's ${edges.length} workload edges once: ${summary(
          first,
        )}`,
        `  ${failing.source} -> ${failing.target}, ${REPEATS} times: ${summary(
          repeated,
        )}`,
        `  answers by collection: ${[...collections]
          .map(([kind, n]) => `${kind ?? 'unsaid'} ${n}`)
          .join(', ')}`,
      ].join('\n'),
    );
  });
});
