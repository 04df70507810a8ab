import type {
  TelemetryCollection,
  TelemetryCollectionStore,
} from '../background/TelemetryCollectionStore';

/** The shared store as the database keeps it: JSON round trip, one row per window. */
export class JsonStore implements TelemetryCollectionStore {
  readonly rows = new Map<string, string>();
  async readStates() {
    return [...this.rows.values()].map(json => {
      const { sources: _, ...state } = JSON.parse(json) as TelemetryCollection;
      return state;
    });
  }
  async read(window: string) {
    const json = this.rows.get(window);
    return json ? (JSON.parse(json) as TelemetryCollection) : undefined;
  }
  async write(collection: TelemetryCollection) {
    this.rows.set(collection.window, JSON.stringify(collection));
  }
}
