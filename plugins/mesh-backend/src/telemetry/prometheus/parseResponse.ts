import type { PrometheusSample } from './types';

/**
 * Why a body could not be read as a successful instant-vector answer.
 */
export type ParsedPrometheusBody =
  | { kind: 'vector'; samples: PrometheusSample[]; warnings: string[] }
  | { kind: 'error'; errorType?: string; error: string; warnings: string[] }
  | { kind: 'invalid'; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses a Prometheus sample value, which is a string (`"NaN"`, `"+Inf"` included). */
export function parseSampleValue(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (value === '+Inf' || value === 'Inf') return Infinity;
  if (value === '-Inf') return -Infinity;
  if (value === 'NaN') return NaN;
  const n = Number(value);
  return Number.isNaN(n) ? undefined : n;
}

function readWarnings(body: Record<string, unknown>): string[] {
  const warnings = Array.isArray(body.warnings) ? body.warnings : [];
  return warnings.filter((w): w is string => typeof w === 'string');
}

/**
 * Reads a Prometheus HTTP API body (already JSON-decoded) of an instant
 * query. Only vectors are accepted: every query we send returns one.
 */
export function parsePrometheusBody(body: unknown): ParsedPrometheusBody {
  if (!isRecord(body) || typeof body.status !== 'string') {
    return {
      kind: 'invalid',
      reason: 'the body is not a Prometheus API answer (no "status")',
    };
  }
  const warnings = readWarnings(body);
  if (body.status === 'error') {
    return {
      kind: 'error',
      errorType:
        typeof body.errorType === 'string' ? body.errorType : undefined,
      error: typeof body.error === 'string' ? body.error : 'no error text',
      warnings,
    };
  }
  if (body.status !== 'success') {
    return {
      kind: 'invalid',
      reason: `unexpected status ${JSON.stringify(body.status).slice(0, 40)}`,
    };
  }
  const data = body.data;
  if (!isRecord(data) || !Array.isArray(data.result)) {
    return { kind: 'invalid', reason: 'the answer has no data.result' };
  }
  if (data.resultType !== 'vector') {
    return {
      kind: 'invalid',
      reason: `expected a vector, got ${JSON.stringify(data.resultType).slice(
        0,
        40,
      )}`,
    };
  }
  const samples: PrometheusSample[] = [];
  for (const item of data.result) {
    if (
      !isRecord(item) ||
      !isRecord(item.metric) ||
      !Array.isArray(item.value)
    ) {
      return {
        kind: 'invalid',
        reason: 'a vector element lacks metric or value',
      };
    }
    const value = parseSampleValue(item.value[1]);
    if (value === undefined) {
      return {
        kind: 'invalid',
        reason: 'a vector element has a non-numeric value',
      };
    }
    // Labels are strings in every well-formed answer: keep the object as
    // parsed (no copy, this runs for every series) unless one is not.
    let metric = item.metric as Record<string, string>;
    for (const k in metric) {
      if (typeof metric[k] !== 'string') {
        metric = Object.fromEntries(
          Object.entries(item.metric).filter(([, v]) => typeof v === 'string'),
        ) as Record<string, string>;
        break;
      }
    }
    samples.push({ metric, value });
  }
  return { kind: 'vector', samples, warnings };
}
