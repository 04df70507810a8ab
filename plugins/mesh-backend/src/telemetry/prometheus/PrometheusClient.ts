import type { PrometheusEndpoint } from '../../config/telemetryConfig';
import { DEFAULT_PROMETHEUS_TIMEOUT_MS } from '../../config/telemetryConfig';
import { PrometheusQueryError } from './PrometheusQueryError';
import { parsePrometheusBody } from './parseResponse';
import { displayUrl, redact, secretsOf } from './redact';
import type { InstantQueryResult } from './types';

/** How much of a Prometheus error text we keep (they quote the whole query). */
const MAX_ERROR_TEXT = 300;

/**
 * A small client for the Prometheus HTTP API: instant queries only, sent as
 * `POST /api/v1/query` (form-encoded, so long queries never hit URL limits),
 * with optional bearer or basic auth and custom headers, and a per-query
 * timeout. Uses native `fetch`.
 */
export class PrometheusClient {
  readonly #name: string;
  readonly #endpoint: PrometheusEndpoint;
  readonly #secrets: string[];

  constructor(options: { name: string; endpoint: PrometheusEndpoint }) {
    this.#name = options.name;
    this.#endpoint = options.endpoint;
    this.#secrets = secretsOf(options.endpoint);
  }

  /** Source name, for messages. */
  get name(): string {
    return this.#name;
  }

  /**
   * Runs one instant query evaluated at `time`. Throws a
   * `PrometheusQueryError` with a message safe to show on any failure.
   */
  async query(promql: string, time: Date): Promise<InstantQueryResult> {
    const timeoutMs = this.#endpoint.timeoutMs ?? DEFAULT_PROMETHEUS_TIMEOUT_MS;
    const form = new URLSearchParams({
      query: promql,
      time: (time.getTime() / 1000).toFixed(3),
      // Prometheus stops evaluating by itself at this point too.
      timeout: `${Math.max(1, Math.ceil(timeoutMs / 1000))}s`,
    });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const started = performance.now();
    try {
      let response: Response;
      try {
        response = await fetch(`${this.#endpoint.url}/api/v1/query`, {
          method: 'POST',
          headers: this.#headers(),
          body: form,
          signal: controller.signal,
          // Never follow: a redirect would carry the bearer token, basic
          // auth or custom secret headers to another origin.
          redirect: 'manual',
        });
      } catch (e) {
        throw this.#error(
          controller.signal.aborted
            ? `timed out after ${timeoutMs} ms`
            : `could not connect (${describeFetchError(e)})`,
        );
      }
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel();
        throw this.#error(
          `answered with a redirect (HTTP ${response.status}); redirects are not followed so that credentials stay with the configured URL: configure the final Prometheus URL instead`,
        );
      }
      let text: string;
      try {
        text = await response.text();
      } catch (e) {
        throw this.#error(
          controller.signal.aborted
            ? `timed out after ${timeoutMs} ms while reading the answer`
            : `the connection broke while reading the answer (${describeFetchError(
                e,
              )})`,
        );
      }
      const durationMs = performance.now() - started;
      return this.#interpret(response, text, durationMs);
    } finally {
      clearTimeout(timer);
    }
  }

  #headers(): Record<string, string> {
    const headers: Record<string, string> = {
      ...this.#endpoint.headers,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
    };
    if (this.#endpoint.bearerToken) {
      headers.Authorization = `Bearer ${this.#endpoint.bearerToken}`;
    } else if (this.#endpoint.basicAuth) {
      const { username, password } = this.#endpoint.basicAuth;
      headers.Authorization = `Basic ${Buffer.from(
        `${username}:${password}`,
      ).toString('base64')}`;
    }
    return headers;
  }

  #interpret(
    response: Response,
    text: string,
    durationMs: number,
  ): InstantQueryResult {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const type = response.headers.get('content-type') ?? 'no content type';
      const hint = authHint(response.status);
      throw this.#error(
        `answered HTTP ${
          response.status
        } with a body that is not JSON (${type.slice(0, 60)})${hint}`,
      );
    }
    const parsed = parsePrometheusBody(body);
    if (parsed.kind === 'error') {
      const detail = parsed.error.slice(0, MAX_ERROR_TEXT);
      throw this.#error(
        `answered HTTP ${response.status} ${
          parsed.errorType ?? 'error'
        }: ${detail}${authHint(response.status)}`,
      );
    }
    if (parsed.kind === 'invalid') {
      throw this.#error(
        `answered HTTP ${response.status} with an unexpected body: ${
          parsed.reason
        }${authHint(response.status)}`,
      );
    }
    if (!response.ok) {
      throw this.#error(
        `answered HTTP ${response.status}${authHint(response.status)}`,
      );
    }
    return {
      samples: parsed.samples,
      warnings: parsed.warnings.map(w =>
        redact(w.slice(0, MAX_ERROR_TEXT), this.#secrets),
      ),
      durationMs,
    };
  }

  #error(what: string): PrometheusQueryError {
    return new PrometheusQueryError(
      redact(
        `Prometheus "${this.#name}" at ${displayUrl(
          this.#endpoint.url,
        )} ${what}`,
        this.#secrets,
      ),
    );
  }
}

function authHint(status: number): string {
  if (status === 401 || status === 403) {
    return '; check the credentials configured for this source';
  }
  return '';
}

function describeFetchError(e: unknown): string {
  const cause = (e as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return cause.message.slice(0, 120);
  return (e as Error)?.message?.slice(0, 120) ?? 'unknown error';
}
