import type { MetricsScrape } from '@mesh-portal/plugin-mesh-common';
import type { PodClassification } from './membership';
import type { PodInfo } from './parse/core';

/**
 * The istio-agent's status port, where metrics merging points Prometheus
 * (`meshConfig.defaultConfig.statusPort`, default 15020). The injector
 * excludes it from inbound capture, so a scrape there never meets mTLS.
 */
export const DEFAULT_STATUS_PORT = 15020;

/** Per-pod override of the agent's status port. */
const STATUS_PORT_ANNOTATION = 'status.sidecar.istio.io/port';

/**
 * Prometheus reads annotations through label names in which every character
 * outside `[a-zA-Z0-9_]` became `_`: `prometheus.io/port` and
 * `prometheus-io/port` mean the same, and Istio's injector treats them alike.
 */
const sanitize = (key: string) => key.replace(/[^a-zA-Z0-9_]/g, '_');

/** A workload's pods scraped through more ports than this are not plausible. */
const MAX_PORTS = 8;

function annotation(
  annotations: Record<string, string>,
  name: 'prometheus_io_scrape' | 'prometheus_io_port',
): string | undefined {
  for (const [key, value] of Object.entries(annotations)) {
    if (sanitize(key) === name) return value;
  }
  return undefined;
}

/** A port number written as an annotation value, or undefined. */
export function annotatedPort(value: string | undefined): number | undefined {
  if (value === undefined || !/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** An annotation value that is not a port number, on one pod. */
export interface MalformedScrapePort {
  pod: string;
  value: string;
}

/**
 * How Prometheus scrapes a workload, from its pods' own annotations (what
 * Prometheus' pod discovery sees, after Istio's injector rewrote them):
 * - a pod is scraped by annotation when `prometheus.io/scrape` is `true`
 *   (the `keep` rule of Istio's sample Prometheus configuration);
 * - on a sidecar pod whose `prometheus.io/port` is the agent's status port,
 *   metrics merging is on (the injector rewrote the annotations, keeping the
 *   application's own in the proxy's `ISTIO_PROMETHEUS_ANNOTATIONS`): the
 *   agent answers outside the proxy, so no mTLS port is involved;
 * - otherwise (merging off by `prometheus.istio.io/merge-metrics: "false"`
 *   or the mesh config, or a pod without a sidecar) the annotated port is
 *   scraped through the inbound path, where a STRICT policy applies.
 *
 * A pod-less workload is scraped nowhere. A value that is not a port number
 * is returned in `malformed` and otherwise ignored (Prometheus cannot use it
 * either).
 */
export function metricsScrapeOf(
  pods: PodInfo[],
  classifications: PodClassification[],
): { scrape?: MetricsScrape; malformed: MalformedScrapePort[] } {
  const ports = new Set<number>();
  const malformed: MalformedScrapePort[] = [];
  let merged = false;
  let scraped = false;
  pods.forEach((pod, i) => {
    if (annotation(pod.annotations, 'prometheus_io_scrape') !== 'true') return;
    const value = annotation(pod.annotations, 'prometheus_io_port');
    if (value === undefined) return;
    const port = annotatedPort(value);
    if (port === undefined) {
      malformed.push({ pod: pod.name, value });
      return;
    }
    scraped = true;
    const statusPort =
      annotatedPort(pod.annotations[STATUS_PORT_ANNOTATION]) ??
      DEFAULT_STATUS_PORT;
    if (classifications[i]?.state === 'sidecar' && port === statusPort) {
      merged = true;
    } else if (ports.size < MAX_PORTS) {
      ports.add(port);
    }
  });
  if (!scraped) return { malformed };
  return {
    scrape: { ports: [...ports].sort((a, b) => a - b), merged },
    malformed,
  };
}
