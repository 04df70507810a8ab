import http from 'node:http';
import path from 'node:path';
import { Simulator, SimulatorOptions, startSimulator } from '../simulator';

/** The fixture manifests: clusters `alpha` and `beta`. */
export const FIXTURES_DIR = path.resolve(__dirname, '../__fixtures__/clusters');

/** Tokens of the fixture clusters. */
export const TOKENS = { alpha: 'alpha-test-token', beta: 'beta-test-token' };

/** A fixed clock so generated timestamps are predictable. */
export const FIXED_NOW = new Date('2025-06-01T12:00:00.000Z');

/** Starts a simulator on the fixtures, on free ports. */
export function startFixtureSimulator(
  overrides: Partial<SimulatorOptions> = {},
): Promise<Simulator> {
  return startSimulator({
    manifestsDir: FIXTURES_DIR,
    clusters: [
      { name: 'alpha', token: TOKENS.alpha },
      { name: 'beta', token: TOKENS.beta },
    ],
    now: FIXED_NOW,
    ...overrides,
  });
}

/** What {@link request} returns. */
export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: any;
}

/** Options of {@link request}. */
export interface RequestOptions {
  method?: string;
  token?: string | null;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A plain HTTP request with its own connection (no shared agent), so tests
 * see refused or dropped connections as errors.
 */
export function request(
  baseUrl: string,
  urlPath: string,
  options: RequestOptions = {},
): Promise<HttpResult> {
  const url = new URL(urlPath, baseUrl);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers, agent: false },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A GET to a cluster of the simulator with its own token. */
export function getFrom(
  simulator: Simulator,
  cluster: string,
  urlPath: string,
  options: RequestOptions = {},
): Promise<HttpResult> {
  const found = simulator.clusters.find(c => c.name === cluster);
  if (!found) throw new Error(`no cluster ${cluster}`);
  return request(found.url, urlPath, {
    ...options,
    token: options.token === undefined ? found.token : options.token,
  });
}
