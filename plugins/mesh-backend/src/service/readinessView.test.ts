/**
 * STRICT readiness from cluster objects to the applied proposal: a scraper
 * is recognised by its identity plus the scrape port the destination's pods
 * declare (`prometheus.io/port` with Istio's metrics merging off), never
 * blocks, and gets a `portLevelMtls` exception on exactly that port; the
 * proposal is applied to the objects and the engine resolves the modes again.
 */
import type { MeshModel } from '@mesh-portal/plugin-mesh-common';
import { computeMeshModel } from '../engine';
import type { EntityIndex } from '../entities';
import {
  clusterFrom,
  deploymentWithPods,
  namespace,
} from '../engine/__fixtures__/builders';
import { WorkloadIndex } from '../snapshot';
import { applied } from '../telemetry/__testUtils__/applyProposal';
import { clientTlsLookupFrom } from '../telemetry/clientTlsLookup';
import type { InboundCaller } from '../telemetry/readiness/inbound';
import { CallerAccess } from './access/CallerAccess';
import { VisibleEntities } from './access/catalogVisibility';
import { buildReadiness, scrapePortsOf } from './readinessView';

type Obj = Record<string, any>;

const apps = namespace('apps', { 'istio-injection': 'enabled' });
const monitoring = namespace('monitoring');
/** Merging off for this pod: Prometheus scrapes 9102 through the proxy. */
const unmerged = {
  'prometheus.istio.io/merge-metrics': 'false',
  'prometheus.io/scrape': 'true',
  'prometheus.io/port': '9102',
  'prometheus.io/path': '/metrics',
};
/** Merging on: the injector pointed Prometheus at the agent. */
const merged = {
  'prometheus.io/scrape': 'true',
  'prometheus.io/port': '15020',
  'prometheus.io/path': '/stats/prometheus',
};

const objects: Obj[] = [
  apps,
  monitoring,
  // 9102 is not declared as a container port, nor named for metrics: only
  // the annotation names it.
  ...deploymentWithPods('jobs', 'apps', { app: 'jobs' }, 2, {
    sidecar: 'classic',
    annotations: unmerged,
  }),
  ...deploymentWithPods('api', 'apps', { app: 'api' }, 1, {
    sidecar: 'classic',
    annotations: merged,
  }),
  ...deploymentWithPods('prometheus', 'monitoring', { app: 'prometheus' }, 1),
];

const caller = (
  namespaceName: string,
  workload: string,
  requests: number,
  plaintextRequests: number,
): InboundCaller => ({
  source: { cluster: 'c1', namespace: namespaceName, workload },
  requests,
  plaintextRequests,
  connections: 0,
  plaintextConnections: 0,
  ...(plaintextRequests > 0
    ? { lastPlaintext: '2026-12-06T10:00:00.000Z' }
    : {}),
});

function readiness(model: MeshModel, from: Obj[]) {
  const index = new WorkloadIndex(model);
  const entities = { claimantsOf: () => [] } as unknown as EntityIndex;
  const everything = new CallerAccess(
    new VisibleEntities(
      { version: '', refs: [], positions: new Map() },
      new Uint8Array(),
    ),
    entities,
    index,
  );
  const cluster = clusterFrom('c1', from);
  return buildReadiness(
    {
      index,
      objectsOf: name => (name === 'c1' ? cluster : undefined),
      directory: {
        findWorkload: (c, ns, name) => {
          const w = index.byName.get(`${c}/${ns}/${name}`);
          return (
            w && {
              workloadId: w.id,
              cluster: w.cluster,
              namespace: w.namespace,
              name: w.name,
              membership: w.membership.state,
              service: w.services[0],
            }
          );
        },
        clientTlsToward: clientTlsLookupFrom(model),
      },
      ownerOf: () => undefined,
      observations: [
        {
          destination: { cluster: 'c1', namespace: 'apps', workload: 'jobs' },
          callers: [
            caller('monitoring', 'prometheus', 120, 120),
            caller('apps', 'api', 50, 0),
          ],
        },
        {
          destination: { cluster: 'c1', namespace: 'apps', workload: 'api' },
          callers: [caller('monitoring', 'prometheus', 10, 10)],
        },
      ],
    },
    model.workloads.filter(w => w.namespace === 'apps'),
    everything,
  );
}

const model = computeMeshModel([clusterFrom('c1', objects)]);
const byName = (m: MeshModel, name: string) =>
  m.workloads.find(w => w.name === name)!;
const portMode = (m: MeshModel, name: string, port: number) =>
  byName(m, name).mtls.ports.find(p => p.port === port)?.decision.mode;

describe('STRICT readiness with annotation-declared scrape ports', () => {
  it('the declared scrape ports are the annotated port with merging off, none with merging on', () => {
    expect(scrapePortsOf(byName(model, 'jobs'))).toEqual([9102]);
    expect(scrapePortsOf(byName(model, 'api'))).toEqual([]);
  });

  it('E4: a scraper calling an unmerged workload never blocks; its proposal keeps 9102 PERMISSIVE, and applied, the engine resolves 9102 PERMISSIVE and the rest STRICT', () => {
    const view = readiness(model, objects).workloads.find(
      w => w.name === 'jobs',
    )!;
    expect(view).toMatchObject({
      state: 'ready',
      blockers: [],
      scrapers: [
        expect.objectContaining({ workload: 'prometheus', reason: 'scraper' }),
      ],
      portExceptions: [9102],
    });
    expect(view.scrapers[0].action).toContain('port 9102');
    expect(view.proposal!.yaml).toContain('portLevelMtls');

    const after = computeMeshModel([
      clusterFrom('c1', applied(objects, view.proposal!)),
    ]);
    expect(byName(after, 'jobs').mtls.workload.mode).toBe('STRICT');
    expect(portMode(after, 'jobs', 9102)).toBe('PERMISSIVE');
    expect(portMode(after, 'jobs', 8080)).toBe('STRICT');
    // The exception is on the workload's own policy: its neighbour is untouched.
    expect(byName(after, 'api').mtls.workload.mode).toBe('PERMISSIVE');
  });

  it('E5: with metrics merging on, Prometheus scrapes the agent outside mTLS, so plaintext from it is not a scrape and blocks', () => {
    const view = readiness(model, objects).workloads.find(
      w => w.name === 'api',
    )!;
    expect(view).toMatchObject({
      state: 'blocked',
      scrapers: [],
      portExceptions: [],
      blockers: [
        expect.objectContaining({
          workload: 'prometheus',
          reason: 'out-of-mesh',
        }),
      ],
    });
    expect(view.proposal).toBeUndefined();
  });
});
