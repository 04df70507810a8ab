import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { openPluginDatabase } from '../database';

const TABLE = 'mesh_leases';

/** Host name, process id and a random part: unique per process. */
function defaultHolder(): string {
  return `${hostname()}-${process.pid}-${randomUUID()}`;
}

/**
 * A lease one replica at a time holds, e.g. on the watches of the clusters.
 * @public
 */
export interface Lease {
  /** Who this replica is, as stored in the lease. */
  readonly holder: string;
  /**
   * Takes the lease when it is free or expired, or renews it when this
   * replica holds it; true when this replica holds it until one TTL from now.
   */
  acquire(): Promise<boolean>;
  /** Gives the lease up at once (on shutdown), if this replica holds it. */
  release(): Promise<void>;
}

/**
 * Options of {@link DatabaseLease}.
 * @public
 */
export interface DatabaseLeaseOptions {
  /** The lease's name (one row of `mesh_leases`). */
  name: string;
  /** How long the lease lasts without renewal. Renew well within it. */
  ttlMs: number;
  /** This replica's identity (default: host name, process id and a random part). */
  holder?: string;
  now?: () => number;
}

/**
 * A {@link Lease} in the plugin's database (SQLite or PostgreSQL): one row
 * per lease with its holder and expiry. Taking and renewing are one
 * conditional `UPDATE` (`holder` is this replica, or the lease expired), which
 * both databases apply one at a time per row, so two replicas never both
 * succeed. Expiry uses the replicas' clocks: keep them within a fraction of
 * the TTL of each other (NTP does).
 * @public
 */
export class DatabaseLease implements Lease {
  readonly holder: string;
  private readonly now: () => number;

  /** Opens the lease on the plugin's database (migrating it first unless skipped). */
  static async fromDatabase(
    database: Pick<DatabaseService, 'getClient' | 'migrations'>,
    options: DatabaseLeaseOptions,
  ): Promise<DatabaseLease> {
    return new DatabaseLease(await openPluginDatabase(database), options);
  }

  /**
   * The lease on the plugin's database, opened (and migrated) at its first
   * use rather than now: a backend that never takes it (watch mode wired
   * but never ticked, as in tests) does not touch the database for it. A
   * failed open is retried at the next use; releasing a lease never used
   * does nothing.
   */
  static lazy(
    database: Pick<DatabaseService, 'getClient' | 'migrations'>,
    options: DatabaseLeaseOptions,
  ): Lease {
    const holder = options.holder ?? defaultHolder();
    let opened: Promise<DatabaseLease> | undefined;
    const lease = () => {
      opened ??= DatabaseLease.fromDatabase(database, { ...options, holder });
      opened.catch(() => (opened = undefined));
      return opened;
    };
    return {
      holder,
      acquire: async () => (await lease()).acquire(),
      release: async () => {
        if (opened) await (await opened).release();
      },
    };
  }

  constructor(
    private readonly client: Knex,
    private readonly options: DatabaseLeaseOptions,
  ) {
    this.holder = options.holder ?? defaultHolder();
    this.now = options.now ?? Date.now;
  }

  async acquire(): Promise<boolean> {
    const now = this.now();
    const { name, ttlMs } = this.options;
    const row = { name, holder: this.holder, expires_at: now + ttlMs };
    await this.client(TABLE).insert(row).onConflict('name').ignore();
    const updated = await this.client(TABLE)
      .where({ name })
      .andWhere(holderOrExpired =>
        holderOrExpired
          .where({ holder: this.holder })
          .orWhere('expires_at', '<=', now),
      )
      .update({ holder: this.holder, expires_at: row.expires_at });
    return Number(updated) === 1;
  }

  async release(): Promise<void> {
    await this.client(TABLE)
      .where({ name: this.options.name, holder: this.holder })
      .update({ expires_at: 0 });
  }
}
