/**
 * How Prometheus scrapes a workload, read from its pods' annotations as
 * Istio's injector leaves them (metrics merging, `applyPrometheusMerge`):
 * merged pods are scraped on the agent's status port outside the proxy;
 * unmerged pods on their annotated port, through it.
 */
import type { MeshModel } from '@mesh-portal/plugin-mesh-common';
import { computeMeshModel } from './index';
import {
  clusterFrom,
  deploymentWithPods,
  namespace,
} from './__fixtures__/builders';

type Obj = Record<string, any>;

const apps = namespace('apps', { 'istio-injection': 'enabled' });

function run(objects: Obj[]): MeshModel {
  return computeMeshModel([clusterFrom('c1', objects)]);
}

function scraped(
  annotations: Record<string, string>,
  proxy: 'sidecar' | 'none' = 'sidecar',
) {
  const model = run([
    apps,
    ...deploymentWithPods('web', 'apps', { app: 'web' }, 2, {
      sidecar: proxy === 'sidecar' ? 'classic' : undefined,
      annotations,
    }),
  ]);
  return {
    scrape: model.workloads.find(w => w.name === 'web')!.metricsScrape,
    findings: model.findings,
  };
}

describe('metrics scrape ports from pod annotations', () => {
  it('metrics merging off (prometheus.istio.io/merge-metrics: "false"): the annotated port is scraped through the proxy', () => {
    expect(
      scraped({
        'prometheus.istio.io/merge-metrics': 'false',
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '9102',
        'prometheus.io/path': '/metrics',
      }).scrape,
    ).toEqual({ ports: [9102], merged: false });
  });

  it('metrics merging on: the injector pointed the annotations at the agent status port 15020, outside mTLS, so no scrape port', () => {
    expect(
      scraped({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '15020',
        'prometheus.io/path': '/stats/prometheus',
      }).scrape,
    ).toEqual({ ports: [], merged: true });
  });

  it('metrics merging on with a status port moved by status.sidecar.istio.io/port: that port is the agent', () => {
    expect(
      scraped({
        'status.sidecar.istio.io/port': '15021',
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '15021',
      }).scrape,
    ).toEqual({ ports: [], merged: true });
  });

  it('a pod without a sidecar is scraped on its annotated port, even 15020 (no agent there)', () => {
    expect(
      scraped(
        { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '15020' },
        'none',
      ).scrape,
    ).toEqual({ ports: [15020], merged: false });
  });

  it('only prometheus.io/scrape "true" asks for a scrape (the keep rule of Istio\'s sample configuration)', () => {
    expect(
      scraped({ 'prometheus.io/scrape': 'false', 'prometheus.io/port': '9102' })
        .scrape,
    ).toBeUndefined();
    expect(scraped({ 'prometheus.io/port': '9102' }).scrape).toBeUndefined();
    expect(scraped({}).scrape).toBeUndefined();
  });

  it('annotation names are read as Prometheus reads them: prometheus-io/port is prometheus.io/port', () => {
    expect(
      scraped({ 'prometheus-io/scrape': 'true', 'prometheus_io/port': '9102' })
        .scrape,
    ).toEqual({ ports: [9102], merged: false });
  });

  it.each(['http-metrics', '0', '65536', '90 90', '-1', '9102.5', ''])(
    'a prometheus.io/port of %j is ignored with one MESH-MALFORMED-OBJECT finding for the workload, never a crash',
    value => {
      const { scrape, findings } = scraped({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': value,
      });
      expect(scrape).toBeUndefined();
      const malformed = findings.filter(
        f =>
          f.code === 'MESH-MALFORMED-OBJECT' &&
          f.workloads?.includes('c1/apps/Deployment/web'),
      );
      expect(malformed).toHaveLength(1);
      expect(malformed[0].message).toContain('2 pod(s) of Deployment apps/web');
      expect(malformed[0].message).toContain(JSON.stringify(value));
    },
  );

  it('a workload without pods is scraped nowhere', () => {
    const objects = deploymentWithPods('web', 'apps', { app: 'web' }, 0, {
      annotations: { 'prometheus.io/scrape': 'true' },
    });
    const model = run([apps, ...objects]);
    expect(
      model.workloads.find(w => w.name === 'web')!.metricsScrape,
    ).toBeUndefined();
  });
});
