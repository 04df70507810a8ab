/**
 * One element of an instant vector: its labels and its value. Values may be
 * `NaN` or infinite exactly as Prometheus returns them.
 */
export interface PrometheusSample {
  metric: Record<string, string>;
  value: number;
}

/**
 * The answer of an instant query that returned a vector.
 */
export interface InstantQueryResult {
  samples: PrometheusSample[];
  /** Warnings Prometheus (or Thanos/Mimir, e.g. partial responses) attached. */
  warnings: string[];
  /** Wall-clock time of the HTTP exchange, in milliseconds. */
  durationMs: number;
}
