import http from 'node:http';
import { AddressInfo } from 'node:net';
import { InputError, NotFoundError, isError } from '@backstage/errors';
import { resolveResourcePath } from './apiHandler';
import { ObjectReference } from './clusterState';
import { Fault } from './faults';
import { apiVersionOf, defaultCatalog } from './resources';
import type { Simulator } from './simulator';

/** Options of the {@link ControlServer}. */
export interface ControlServerOptions {
  simulator: Simulator;
  host: string;
  port: number;
  log: (message: string) => void;
}

/** Generous enough for a big object in a control call, bounded all the same. */
const MAX_BODY_BYTES = 1024 * 1024;

function send(res: http.ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Error body in the shape Backstage backends use: `{ error: { name, message } }`. */
function sendError(res: http.ServerResponse, status: number, error: unknown) {
  const name = isError(error) ? error.name : 'Error';
  const message = isError(error) ? error.message : String(error);
  send(res, status, { error: { name, message } });
}

function statusOf(error: unknown): number {
  if (!isError(error)) return 500;
  switch (error.name) {
    case 'InputError':
    case 'InvalidFaultError':
    case 'SyntaxError':
      return 400;
    case 'NotFoundError':
      return 404;
    default:
      return 500;
  }
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) {
      throw new InputError('request body too large');
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.trim() === '' ? {} : JSON.parse(text);
}

/**
 * Resolves an object's REST path (`api/v1/namespaces/web/pods/api-0`,
 * `apis/security.istio.io/v1/namespaces/x/peerauthentications/default`).
 */
function objectReferenceOf(segments: string[]): ObjectReference {
  let decoded: string[];
  try {
    decoded = segments.map(decodeURIComponent);
  } catch {
    throw new InputError('malformed URL escape in path');
  }
  const core = decoded[0] === 'api';
  const group = core ? '' : decoded[1] ?? '';
  const version = core ? decoded[1] : decoded[2];
  const resolved = resolveResourcePath(
    defaultCatalog,
    group,
    version ?? '',
    decoded.slice(core ? 2 : 3),
  );
  if (!resolved || resolved.name === undefined) {
    throw new NotFoundError(
      `not the path of an object the simulator serves: /${decoded.join('/')}`,
    );
  }
  return {
    apiVersion: apiVersionOf(resolved.def.group, resolved.version),
    kind: resolved.def.kind,
    namespace: resolved.namespace,
    name: resolved.name,
  };
}

/**
 * The fault-control HTTP API of a simulator:
 *
 * - `GET /clusters`: state of every cluster
 * - `GET /clusters/:name`: state of one
 * - `POST /clusters/:name/fault` with `{"mode": ..., "delayMs"?, "status"?}`
 * - `POST /clusters/:name/stop`, `POST /clusters/:name/start`
 * - `POST /faults/clear` (or `DELETE /faults`): clear every fault
 * - `POST /reload`: re-read the manifests
 * - `POST /clusters/:name/apply` with an object (or a `List`): create or replace
 * - `PUT`, `PATCH` (JSON merge patch) or `DELETE` on
 *   `/clusters/:name/api/v1/namespaces/web/pods/api-0` (any object's REST path)
 * - `GET /healthz`
 */
export class ControlServer {
  private server?: http.Server;
  private portNumber: number;

  constructor(private readonly options: ControlServerOptions) {
    this.portNumber = options.port;
  }

  get url(): string {
    const host = this.options.host.includes(':')
      ? `[${this.options.host}]`
      : this.options.host;
    return `http://${host}:${this.portNumber}`;
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      this.route(req, res).catch(error => {
        const status = statusOf(error);
        if (status === 500) {
          this.options.log(`control API error: ${String(error)}`);
        }
        if (!res.headersSent) sendError(res, status, error);
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.portNumber, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.portNumber = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>(resolve => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  private async route(req: http.IncomingMessage, res: http.ServerResponse) {
    const { simulator } = this.options;
    const url = new URL(req.url ?? '/', 'http://control.invalid');
    const parts = url.pathname.split('/').filter(p => p !== '');
    const method = req.method ?? 'GET';
    const stateOf = (name: string) => {
      const found = simulator.state().find(c => c.name === name);
      if (!found) {
        throw new NotFoundError(`no simulated cluster named "${name}"`);
      }
      return found;
    };

    if (method === 'GET' && url.pathname === '/healthz') {
      send(res, 200, { status: 'ok' });
    } else if (method === 'GET' && url.pathname === '/clusters') {
      send(res, 200, { clusters: simulator.state() });
    } else if (
      method === 'GET' &&
      parts[0] === 'clusters' &&
      parts.length === 2
    ) {
      send(res, 200, stateOf(parts[1]));
    } else if (
      method === 'POST' &&
      parts[0] === 'clusters' &&
      parts.length === 3 &&
      parts[2] === 'apply'
    ) {
      const name = parts[1];
      stateOf(name);
      const body = await readJson(req);
      const list =
        typeof body === 'object' &&
        body !== null &&
        (body as { kind?: unknown }).kind === 'List'
          ? (body as { items?: unknown }).items ?? []
          : [body];
      if (!Array.isArray(list)) throw new InputError('items must be an array');
      const applied = [];
      for (const object of list) {
        applied.push(await simulator.applyObject(name, object));
      }
      send(res, 200, list === body ? applied : applied[0] ?? {});
    } else if (
      ['PUT', 'PATCH', 'DELETE'].includes(method) &&
      parts[0] === 'clusters' &&
      (parts[2] === 'api' || parts[2] === 'apis')
    ) {
      const name = parts[1];
      stateOf(name);
      const ref = objectReferenceOf(parts.slice(2));
      if (method === 'DELETE') {
        send(res, 200, await simulator.deleteObject(name, ref));
      } else if (method === 'PATCH') {
        send(
          res,
          200,
          await simulator.patchObject(name, ref, await readJson(req)),
        );
      } else {
        const body = (await readJson(req)) as Record<string, any>;
        send(
          res,
          200,
          await simulator.applyObject(name, {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            ...body,
            metadata: {
              ...body?.metadata,
              name: ref.name,
              ...(ref.namespace ? { namespace: ref.namespace } : {}),
            },
          }),
        );
      }
    } else if (
      method === 'POST' &&
      parts[0] === 'clusters' &&
      parts.length === 3
    ) {
      const name = parts[1];
      stateOf(name);
      if (parts[2] === 'fault') {
        await simulator.setFault(name, (await readJson(req)) as Fault);
      } else if (parts[2] === 'stop') {
        await simulator.stopCluster(name);
      } else if (parts[2] === 'start') {
        await simulator.startCluster(name);
      } else {
        sendError(res, 404, {
          name: 'NotFoundError',
          message: 'no such route',
        });
        return;
      }
      send(res, 200, stateOf(name));
    } else if (
      (method === 'POST' && url.pathname === '/faults/clear') ||
      (method === 'DELETE' && url.pathname === '/faults')
    ) {
      await simulator.clearFaults();
      send(res, 200, { clusters: simulator.state() });
    } else if (method === 'POST' && url.pathname === '/reload') {
      const { warnings } = await simulator.reload();
      send(res, 200, { clusters: simulator.state(), warnings });
    } else {
      sendError(res, 404, {
        name: 'NotFoundError',
        message: `no route for ${method} ${url.pathname}`,
      });
    }
  }
}
