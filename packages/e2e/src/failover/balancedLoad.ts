import type { Replica } from './replicas';

/** What happened to one request of the load. */
export interface RequestRecord {
  replica: string;
  route: string;
  startedAt: number;
  endedAt: number;
  status?: number;
  error?: string;
  /** The parsed answer of the mesh routes that report data age. */
  body?: unknown;
}

/**
 * Steady load over several replicas behind a minimal load balancer: each
 * user sends one request at a time to its replica; a replica taken out of
 * rotation (`remove`, called when the test kills it) gets no new requests,
 * its users move to the remaining ones. Requests already in flight on a
 * removed replica finish as they may. Every request is recorded.
 */
export class BalancedLoad {
  readonly records: RequestRecord[] = [];
  private readonly live: Replica[];
  private running = false;
  private users: Promise<void>[] = [];

  constructor(
    replicas: Replica[],
    private readonly token: string,
    private readonly routes: string[],
  ) {
    this.live = [...replicas];
  }

  /** Starts `count` users. */
  start(count: number): void {
    this.running = true;
    this.users = Array.from({ length: count }, (_, i) => this.user(i));
  }

  /** Takes `replica` out of rotation, as a load balancer's health check would. */
  remove(replica: Replica): void {
    const index = this.live.findIndex(r => r.name === replica.name);
    if (index >= 0) this.live.splice(index, 1);
  }

  /** Stops the users and waits for their last requests. */
  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.users);
  }

  private async user(index: number): Promise<void> {
    let n = index;
    while (this.running) {
      const replica = this.live[index % this.live.length];
      const route = this.routes[n++ % this.routes.length];
      const record: RequestRecord = {
        replica: replica.name,
        route,
        startedAt: Date.now(),
        endedAt: 0,
      };
      try {
        const res = await fetch(`${replica.url}${route}`, {
          headers: { authorization: `Bearer ${this.token}` },
          signal: AbortSignal.timeout(30_000),
        });
        record.status = res.status;
        const text = await res.text();
        if (
          res.ok &&
          route.startsWith('/api/mesh/') &&
          res.headers.get('content-type')?.includes('json')
        ) {
          record.body = JSON.parse(text);
        }
      } catch (error) {
        record.error = String((error as Error)?.cause ?? error);
      }
      record.endedAt = Date.now();
      this.records.push(record);
    }
  }
}
