import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { REPO_ROOT } from './browser';
import { BACKEND_URL, backendRssBytes, waitForDemoData } from './backend';

/**
 * A bounded load test of the two busiest endpoints: 50 concurrent
 * connections for a fixed duration each, loopback only. It asserts zero
 * errors; the latency and memory figures are recorded for the README.
 */
const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.MESH_LOAD_SECONDS ?? 10);
const SETTLE_MS = 15_000;

interface LoadFigures {
  route: string;
  requests: number;
  errors: number;
  non2xx: number;
  timeouts: number;
  p50Ms: number;
  p99Ms: number;
  requestsPerSecond: number;
}

async function load(route: string, token: string): Promise<LoadFigures> {
  const result = await autocannon({
    url: `${BACKEND_URL}/api/mesh${route}`,
    connections: CONNECTIONS,
    duration: DURATION_SECONDS,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    route,
    requests: result.requests.total,
    errors: result.errors,
    non2xx: result.non2xx,
    timeouts: result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requestsPerSecond: result.requests.average,
  };
}

describe('load on the mesh API (50 connections, loopback)', () => {
  it('serves the entity and audit endpoints with zero errors', async () => {
    const token = await waitForDemoData();
    const rssBefore = backendRssBytes();
    const figures = [
      await load('/entity/default/component/web-frontend', token),
      await load('/audit?limit=50', token),
    ];
    const rssAfter = backendRssBytes();
    // Once more after a pause: how much of the growth the heap gives back.
    await new Promise(resolve => setTimeout(resolve, SETTLE_MS));
    const rssSettled = backendRssBytes();

    const report = {
      machine: '2 cores, 24 GiB (project machine)',
      connections: CONNECTIONS,
      durationSeconds: DURATION_SECONDS,
      figures,
      backendRssMiB: {
        before: Math.round(rssBefore / 2 ** 20),
        after: Math.round(rssAfter / 2 ** 20),
        afterPause: Math.round(rssSettled / 2 ** 20),
        pauseSeconds: SETTLE_MS / 1000,
        measured: 'VmRSS summed over the backend process group',
      },
    };
    const out = path.join(REPO_ROOT, '.state', 'results');
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(
      path.join(out, 'load.json'),
      `${JSON.stringify(report, null, 2)}\n`,
    );
    // eslint-disable-next-line no-console
    console.log(JSON.stringify(report, null, 2));

    for (const f of figures) {
      expect({
        route: f.route,
        errors: f.errors,
        non2xx: f.non2xx,
        timeouts: f.timeouts,
      }).toEqual({
        route: f.route,
        errors: 0,
        non2xx: 0,
        timeouts: 0,
      });
      expect(f.requests).toBeGreaterThan(0);
    }
  });
});
