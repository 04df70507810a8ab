const plural = (count: number, one: string, many: string) =>
  `${count} ${count === 1 ? one : many}`;

/**
 * "6 findings across 8 workloads": distinct findings and the distinct
 * workloads they touch, so a finding over several workloads is not mistaken
 * for several findings (the table counts it on each of its rows).
 */
export function findingsSummary(findings: number, workloads: number): string {
  return `${plural(findings, 'finding', 'findings')} across ${plural(
    workloads,
    'workload',
    'workloads',
  )}`;
}
