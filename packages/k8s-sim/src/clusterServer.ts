import http from 'node:http';
import { AddressInfo } from 'node:net';
import { handleApiRequest } from './apiHandler';
import { Fault } from './faults';
import { sendStatus } from './http';
import { ResourceCatalog } from './resources';
import { faultStatus, internalErrorStatus } from './status';
import { ClusterStore } from './store';

/** Options of one {@link ClusterServer}. */
export interface ClusterServerOptions {
  name: string;
  host: string;
  /** 0 picks a free port on first start; later starts reuse it. */
  port: number;
  token: string;
  store: ClusterStore;
  catalog: ResourceCatalog;
  log: (message: string) => void;
}

/**
 * The HTTP server of one simulated cluster, with its fault switch. It can
 * stop listening and come back on the same port, like an API server going
 * down and up again.
 */
export class ClusterServer {
  readonly name: string;
  readonly host: string;
  readonly token: string;
  private portNumber: number;
  private server?: http.Server;
  private currentFault: Fault = { mode: 'none' };
  private currentStore: ClusterStore;
  private readonly catalog: ResourceCatalog;
  private readonly log: (message: string) => void;
  private readonly delayed = new Set<NodeJS.Timeout>();
  private received = 0;

  constructor(options: ClusterServerOptions) {
    this.name = options.name;
    this.host = options.host;
    this.token = options.token;
    this.portNumber = options.port;
    this.currentStore = options.store;
    this.catalog = options.catalog;
    this.log = options.log;
  }

  /** The port; the real one once the server has listened. */
  get port(): number {
    return this.portNumber;
  }

  /** Base URL of the API server. */
  get url(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.portNumber}`;
  }

  get listening(): boolean {
    return this.server !== undefined;
  }

  get fault(): Fault {
    return this.currentFault;
  }

  get store(): ClusterStore {
    return this.currentStore;
  }

  /** Requests received since start, faulted ones included. */
  get requestCount(): number {
    return this.received;
  }

  /** Swaps in reloaded objects; requests from now on see them. */
  replaceStore(store: ClusterStore): void {
    this.currentStore = store;
  }

  /** Starts listening (no-op when already listening). */
  async start(): Promise<void> {
    if (this.server) return;
    const server = http.createServer((req, res) => this.onRequest(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.portNumber, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.portNumber = (server.address() as AddressInfo).port;
    this.server = server;
    if (this.currentFault.mode === 'down') this.currentFault = { mode: 'none' };
  }

  /**
   * Stops listening and cuts open connections, so clients see a refused or
   * reset connection as with a crashed API server.
   */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    const closed = new Promise<void>(resolve => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** Applies a fault switch; `down` stops listening, anything else listens again. */
  async setFault(fault: Fault): Promise<void> {
    if (fault.mode === 'down') {
      await this.stop();
      this.currentFault = fault;
      return;
    }
    this.currentFault = fault;
    await this.start();
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse) {
    this.received += 1;
    const fault = this.currentFault;
    if (fault.mode === 'drop') {
      req.socket.destroy();
      return;
    }
    if (fault.mode === 'status') {
      sendStatus(req, res, faultStatus(fault.status));
      return;
    }
    if (fault.mode === 'slow' && fault.delayMs > 0) {
      const timer = setTimeout(() => {
        this.delayed.delete(timer);
        this.answer(req, res);
      }, fault.delayMs);
      this.delayed.add(timer);
      res.on('close', () => {
        clearTimeout(timer);
        this.delayed.delete(timer);
      });
      return;
    }
    this.answer(req, res);
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse) {
    if (res.destroyed) return;
    try {
      handleApiRequest(req, res, {
        catalog: this.catalog,
        store: () => this.currentStore,
        token: this.token,
        serverAddress: () => `${this.host}:${this.portNumber}`,
      });
    } catch (error) {
      // Never echo request details (they may carry a token) in the answer.
      this.log(
        `[${this.name}] failed to answer ${req.method} ${
          req.url?.split('?')[0]
        }: ${(error as Error).message}`,
      );
      if (!res.headersSent) {
        sendStatus(req, res, internalErrorStatus('the simulator failed to answer'));
      } else {
        res.destroy();
      }
    }
  }
}
