import http from 'node:http';
import https from 'node:https';
import { AddressInfo } from 'node:net';
import { ApiHandlerContext, handleApiRequest } from './apiHandler';
import { Fault } from './faults';
import { sendStatus } from './http';
import { ResourceCatalog } from './resources';
import { faultStatus, internalErrorStatus } from './status';
import { ClusterState } from './clusterState';
import { ClusterStore } from './store';
import { LoopbackCertificate } from './tls';

/** Options of one {@link ClusterServer}. */
export interface ClusterServerOptions {
  name: string;
  host: string;
  /** 0 picks a free port on first start; later starts reuse it. */
  port: number;
  /** Also serve HTTPS on this port (0 = free port), with `certificate`. */
  tlsPort?: number;
  certificate?: LoopbackCertificate;
  token: string;
  /** See {@link ApiHandlerContext.anonymousRead}. */
  anonymousRead: boolean;
  /** The cluster's objects and watches. */
  state: ClusterState;
  /** Server-side end of watches that give no `timeoutSeconds`. */
  watchTimeoutSeconds: number;
  catalog: ResourceCatalog;
  log: (message: string) => void;
}

/** One listening socket of a cluster: plain HTTP, or HTTPS. */
interface Listener {
  secure: boolean;
  port: number;
  server?: http.Server;
}

function formatUrl(scheme: string, host: string, port: number): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * The HTTP(S) server of one simulated cluster, with its fault switch. It can
 * stop listening and come back on the same port(s), like an API server going
 * down and up again.
 */
export class ClusterServer {
  readonly name: string;
  readonly host: string;
  readonly token: string;
  private readonly options: ClusterServerOptions;
  private readonly plain: Listener;
  private readonly secure?: Listener;
  private currentFault: Fault = { mode: 'none' };
  readonly state: ClusterState;
  private readonly delayed = new Set<NodeJS.Timeout>();
  private received = 0;

  constructor(options: ClusterServerOptions) {
    this.options = options;
    this.name = options.name;
    this.host = options.host;
    this.token = options.token;
    this.state = options.state;
    this.plain = { secure: false, port: options.port };
    if (options.tlsPort !== undefined) {
      if (!options.certificate) {
        throw new Error('a TLS port needs a certificate');
      }
      this.secure = { secure: true, port: options.tlsPort };
    }
  }

  /** The plain HTTP port; the real one once the server has listened. */
  get port(): number {
    return this.plain.port;
  }

  /** Base URL of the API server over plain HTTP. */
  get url(): string {
    return formatUrl('http', this.host, this.plain.port);
  }

  /** Base URL over HTTPS, when a TLS port was asked for. */
  get tlsUrl(): string | undefined {
    return this.secure && formatUrl('https', this.host, this.secure.port);
  }

  get listening(): boolean {
    return this.plain.server !== undefined;
  }

  get fault(): Fault {
    return this.currentFault;
  }

  get store(): ClusterStore {
    return this.state.store;
  }

  /** Requests received since start, faulted ones included. */
  get requestCount(): number {
    return this.received;
  }

  /** Starts listening (no-op when already listening). */
  async start(): Promise<void> {
    for (const listener of [this.plain, this.secure]) {
      if (listener && !listener.server) await this.listen(listener);
    }
    if (this.currentFault.mode === 'down') this.currentFault = { mode: 'none' };
  }

  /**
   * Stops listening and cuts open connections, so clients see a refused or
   * reset connection as with a crashed API server.
   */
  async stop(): Promise<void> {
    for (const timer of this.delayed) clearTimeout(timer);
    this.delayed.clear();
    // Open watches end with the connection, as when an API server dies.
    this.state.hub.closeAll();
    await Promise.all(
      [this.plain, this.secure].map(async listener => {
        const server = listener?.server;
        if (!listener || !server) return;
        listener.server = undefined;
        const closed = new Promise<void>(resolve =>
          server.close(() => resolve()),
        );
        server.closeAllConnections();
        await closed;
      }),
    );
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

  private async listen(listener: Listener): Promise<void> {
    const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) =>
      this.onRequest(req, res);
    const server: http.Server = listener.secure
      ? https.createServer(
          {
            cert: this.options.certificate!.cert,
            key: this.options.certificate!.key,
          },
          onRequest,
        )
      : http.createServer(onRequest);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listener.port, this.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    listener.port = (server.address() as AddressInfo).port;
    listener.server = server;
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
    const context: ApiHandlerContext = {
      catalog: this.options.catalog,
      store: () => this.state.store,
      storeAt: resourceVersion => this.state.storeAt(resourceVersion),
      hub: this.state.hub,
      watchTimeoutSeconds: this.options.watchTimeoutSeconds,
      token: this.token,
      anonymousRead: this.options.anonymousRead,
      serverAddress: () => `${this.host}:${this.plain.port}`,
    };
    try {
      handleApiRequest(req, res, context);
    } catch (error) {
      // Never echo request details (they may carry a token) in the answer.
      this.options.log(
        `[${this.name}] failed to answer ${req.method} ${
          req.url?.split('?')[0]
        }: ${(error as Error).message}`,
      );
      if (!res.headersSent) {
        sendStatus(
          req,
          res,
          internalErrorStatus('the simulator failed to answer'),
        );
      } else {
        res.destroy();
      }
    }
  }
}
