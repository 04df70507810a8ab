import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { openPluginDatabase } from '../../database';
import type { RawSourceData } from '../graph/rawData';
import type { EdgeRateRing } from '../edgeDetail/edgeRateRing';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** Table holding one row per window (migration `20261206150000`). */
const TABLE = 'mesh_telemetry_collections';

/**
 * One window's background collection: every source's answer.
 * @public
 */
export interface TelemetryCollection {
  window: string;
  /** Changes with every collection, so replicas load each one once. */
  collectionId: string;
  /** Epoch ms at which the queries were evaluated. */
  collectedAt: number;
  sources: RawSourceData[];
  /**
   * Every edge's rate over the window, one point per collection (absent
   * from collections of older versions, which the edge detail then queries
   * on demand).
   */
  edgeRates?: EdgeRateRing;
}

/** A stored collection without its data (cheap to read every few seconds). */
export type TelemetryCollectionState = Omit<
  TelemetryCollection,
  'sources' | 'edgeRates'
>;

/** What the `data` column holds: the sources and the ring, gzipped JSON. */
interface StoredData {
  sources: RawSourceData[];
  edgeRates?: EdgeRateRing;
}

/**
 * Where the replica running the telemetry task puts each window's
 * collection, so that every replica can serve it.
 * @public
 */
export interface TelemetryCollectionStore {
  readStates(): Promise<TelemetryCollectionState[]>;
  read(window: string): Promise<TelemetryCollection | undefined>;
  write(collection: TelemetryCollection): Promise<void>;
}

interface StateRow {
  window: string;
  collection_id: string;
  collected_at: number | string;
}

const toState = (row: StateRow): TelemetryCollectionState => ({
  window: row.window,
  collectionId: row.collection_id,
  collectedAt: Number(row.collected_at),
});

/** A {@link TelemetryCollectionStore} in the plugin's database (SQLite or PostgreSQL). */
export class DatabaseTelemetryCollectionStore
  implements TelemetryCollectionStore
{
  /** Opens the store, applying the plugin's migrations first (unless skipped). */
  static async fromDatabase(
    database: Pick<DatabaseService, 'getClient' | 'migrations'>,
  ): Promise<DatabaseTelemetryCollectionStore> {
    return new DatabaseTelemetryCollectionStore(
      await openPluginDatabase(database),
    );
  }

  /**
   * A store that opens the database on first use: the plugin's scheduled
   * tasks are its first users, so wiring never touches the database.
   */
  static lazy(
    database: Pick<DatabaseService, 'getClient' | 'migrations'>,
  ): TelemetryCollectionStore {
    let opened: Promise<DatabaseTelemetryCollectionStore> | undefined;
    const store = () => {
      opened ??= DatabaseTelemetryCollectionStore.fromDatabase(database);
      // A failed open is retried on the next use.
      opened.catch(() => (opened = undefined));
      return opened;
    };
    return {
      readStates: async () => (await store()).readStates(),
      read: async window => (await store()).read(window),
      write: async collection => (await store()).write(collection),
    };
  }

  private constructor(private readonly client: Knex) {}

  async readStates(): Promise<TelemetryCollectionState[]> {
    const rows: StateRow[] = await this.client(TABLE).select(
      'window',
      'collection_id',
      'collected_at',
    );
    return rows.map(toState);
  }

  async read(window: string): Promise<TelemetryCollection | undefined> {
    const row = await this.client(TABLE)
      .where({ window })
      .first<(StateRow & { data: Buffer }) | undefined>(
        'window',
        'collection_id',
        'collected_at',
        'data',
      );
    if (!row) return undefined;
    const json = await gunzipAsync(row.data);
    const data = JSON.parse(json.toString('utf8')) as
      | StoredData
      | RawSourceData[];
    // Rows written before the ring existed hold the sources alone.
    if (Array.isArray(data)) return { ...toState(row), sources: data };
    return {
      ...toState(row),
      sources: data.sources,
      ...(data.edgeRates ? { edgeRates: data.edgeRates } : {}),
    };
  }

  async write(collection: TelemetryCollection): Promise<void> {
    const stored: StoredData = { sources: collection.sources };
    if (collection.edgeRates) stored.edgeRates = collection.edgeRates;
    const data = await gzipAsync(Buffer.from(JSON.stringify(stored)));
    await this.client(TABLE)
      .insert({
        window: collection.window,
        collection_id: collection.collectionId,
        collected_at: collection.collectedAt,
        data,
      })
      .onConflict('window')
      .merge();
  }
}
