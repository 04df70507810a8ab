import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { createHash } from 'node:crypto';
import type { ClusterObjects } from '../engine/types';
import { applyMigrations, openPluginDatabase } from '../database';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Table holding one row per cluster. */
const TABLE = 'mesh_cluster_snapshots';

/**
 * Freshness of one cluster's stored snapshot, without its objects.
 * @public
 */
export interface StoredClusterState {
  cluster: string;
  /**
   * Hash of the stored objects: changes exactly when they do; absent when
   * none were ever stored.
   */
  objectsVersion?: string;
  /** Epoch ms of the last successful read. */
  lastSuccess?: number;
  /** Epoch ms of the last attempt. */
  lastAttempt?: number;
  /** Error of the last attempt, if it failed (credential-free). */
  error?: string;
  missingApis: string[];
}

/**
 * Where the refreshing replica puts each cluster's snapshot so that every
 * replica can read it.
 * @public
 */
export interface SnapshotStore {
  /** Every cluster's state (cheap: no objects). */
  readStates(): Promise<StoredClusterState[]>;
  /** One cluster's objects as last stored. */
  readObjects(cluster: string): Promise<ClusterObjects | undefined>;
  /** Stores a successful read. */
  writeSuccess(
    cluster: string,
    objects: ClusterObjects,
    missingApis: string[],
    at: number,
  ): Promise<StoredClusterState>;
  /** Records a failed read; the last good objects stay. */
  writeFailure(
    cluster: string,
    error: string,
    at: number,
  ): Promise<StoredClusterState>;
  /**
   * Records that the stored objects are still current at `at` (a watched
   * cluster without changes), without rewriting them; undefined when no
   * objects are stored. Optional: without it, a watched cluster's freshness
   * advances only when its objects change.
   */
  writeUnchanged?(
    cluster: string,
    at: number,
  ): Promise<StoredClusterState | undefined>;
}

/**
 * The version of a cluster's objects: a SHA-256 of their JSON. The collector
 * strips what changes without the engine seeing it (resourceVersion, status
 * counters...), so this changes only when the engine's input does.
 * @public
 */
export function objectsVersion(objects: ClusterObjects): string {
  return hashJson(Buffer.from(JSON.stringify(objects)));
}

function hashJson(json: Buffer): string {
  return createHash('sha256').update(json).digest('hex');
}

interface StateRow {
  cluster: string;
  objects_version: string | null;
  last_success: number | string | null;
  last_attempt: number | string | null;
  error: string | null;
  missing_apis: string | null;
}

const STATE_COLUMNS = [
  'cluster',
  'objects_version',
  'last_success',
  'last_attempt',
  'error',
  'missing_apis',
];

function toNumber(value: number | string | null): number | undefined {
  if (value === null || value === undefined) return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function toState(row: StateRow): StoredClusterState {
  let missingApis: string[] = [];
  try {
    missingApis = row.missing_apis ? JSON.parse(row.missing_apis) : [];
  } catch {
    missingApis = [];
  }
  return {
    cluster: row.cluster,
    objectsVersion: row.objects_version ?? undefined,
    lastSuccess: toNumber(row.last_success),
    lastAttempt: toNumber(row.last_attempt),
    error: row.error ?? undefined,
    missingApis,
  };
}

/**
 * A {@link SnapshotStore} in the plugin's database (SQLite or PostgreSQL).
 * @public
 */
export class DatabaseSnapshotStore implements SnapshotStore {
  /**
   * Opens the store on the plugin's database, applying the plugin's
   * migrations (`migrations/`) first unless `database.migrations.skip` is set.
   */
  static async fromDatabase(
    database: Pick<DatabaseService, 'getClient' | 'migrations'>,
  ): Promise<DatabaseSnapshotStore> {
    return new DatabaseSnapshotStore(await openPluginDatabase(database));
  }

  /** Applies the plugin's migrations to `client` and returns the store. */
  static async create(client: Knex): Promise<DatabaseSnapshotStore> {
    await applyMigrations(client);
    return new DatabaseSnapshotStore(client);
  }

  private constructor(private readonly client: Knex) {}

  async readStates(): Promise<StoredClusterState[]> {
    const rows: StateRow[] = await this.client(TABLE).select(STATE_COLUMNS);
    return rows.map(toState);
  }

  async readObjects(cluster: string): Promise<ClusterObjects | undefined> {
    const row = await this.client(TABLE)
      .where({ cluster })
      .first<{ objects: Buffer | null } | undefined>('objects');
    if (!row?.objects) return undefined;
    const json = await gunzipAsync(row.objects);
    return JSON.parse(json.toString('utf8')) as ClusterObjects;
  }

  async writeSuccess(
    cluster: string,
    objects: ClusterObjects,
    missingApis: string[],
    at: number,
  ): Promise<StoredClusterState> {
    const json = Buffer.from(JSON.stringify(objects));
    const version = hashJson(json);
    const status = {
      cluster,
      objects_version: version,
      last_success: at,
      last_attempt: at,
      error: null,
      missing_apis: JSON.stringify(missingApis),
    };
    const stored = await this.client(TABLE)
      .where({ cluster })
      .first<{ objects_version: string | null } | undefined>('objects_version');
    if (stored?.objects_version === version) {
      // Nothing changed in the cluster: refresh the status only, so that no
      // replica downloads or recomputes anything.
      await this.client(TABLE).where({ cluster }).update(status);
    } else {
      const objectsColumn = { objects: await gzipAsync(json) };
      await this.client(TABLE)
        .insert({ ...status, ...objectsColumn })
        .onConflict('cluster')
        .merge();
    }
    return toState(status);
  }

  async writeUnchanged(
    cluster: string,
    at: number,
  ): Promise<StoredClusterState | undefined> {
    const updated = await this.client(TABLE)
      .where({ cluster })
      .whereNotNull('objects_version')
      .update({ last_success: at, last_attempt: at, error: null });
    if (Number(updated) !== 1) return undefined;
    const row: StateRow = await this.client(TABLE)
      .where({ cluster })
      .first(STATE_COLUMNS);
    return toState(row);
  }

  async writeFailure(
    cluster: string,
    error: string,
    at: number,
  ): Promise<StoredClusterState> {
    await this.client(TABLE)
      .insert({ cluster, last_attempt: at, error })
      .onConflict('cluster')
      .merge(['last_attempt', 'error']);
    const row: StateRow = await this.client(TABLE)
      .where({ cluster })
      .first(STATE_COLUMNS);
    return toState(row);
  }
}
