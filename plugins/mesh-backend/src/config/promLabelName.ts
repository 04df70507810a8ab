/**
 * Prometheus label names (and our own metric names) must match this pattern;
 * anything else is refused before it reaches PromQL. Configuration validates
 * `clusterLabel` with it and the PromQL builder every label name it writes.
 */
export const PROM_LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
