import type { MalformedScrapePort } from '../metricsScrape';
import type { WorkloadGroup } from '../workloads';
import { FindingSink } from './FindingSink';

/**
 * A `prometheus.io/port` annotation that is not a port number: Prometheus
 * cannot scrape it, and the STRICT-readiness assistant cannot name the port
 * a scraper needs. One finding per workload, naming the first pod.
 */
export function reportMalformedScrapePorts(
  cluster: string,
  group: WorkloadGroup,
  malformed: MalformedScrapePort[],
  sink: FindingSink,
): void {
  const [first] = malformed;
  if (!first) return;
  const what = `${group.kind} ${group.namespace}/${group.name}`;
  sink.add({
    code: 'MESH-MALFORMED-OBJECT',
    cluster,
    message: `${
      malformed.length
    } pod(s) of ${what} ask to be scraped on prometheus.io/port ${JSON.stringify(
      first.value.slice(0, 40),
    )}, which is not a port number (pod ${
      first.pod
    }): Prometheus cannot scrape it, and the port is ignored.`,
    fix: 'Set prometheus.io/port in the pod template to the metrics port number, e.g. "9090".',
    objects: [
      {
        cluster,
        kind: 'Pod',
        namespace: group.namespace,
        name: first.pod,
      },
    ],
    workloads: [group.id],
  });
}
