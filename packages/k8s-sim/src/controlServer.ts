import http from 'node:http';
import { AddressInfo } from 'node:net';
import { InputError, NotFoundError, isError } from '@backstage/errors';
import { Fault } from './faults';
import type { Simulator } from './simulator';

/** Options of the {@link ControlServer}. */
export interface ControlServerOptions {
  simulator: Simulator;
  host: string;
  port: number;
  log: (message: string) => void;
}

const MAX_BODY_BYTES = 64 * 1024;

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
 * The fault-control HTTP API of a simulator:
 *
 * - `GET /clusters`: state of every cluster
 * - `GET /clusters/:name`: state of one
 * - `POST /clusters/:name/fault` with `{"mode": ..., "delayMs"?, "status"?}`
 * - `POST /clusters/:name/stop`, `POST /clusters/:name/start`
 * - `POST /faults/clear` (or `DELETE /faults`): clear every fault
 * - `POST /reload`: re-read the manifests
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
