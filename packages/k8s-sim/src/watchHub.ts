import { ResourceDefinition, resourceKey } from './resources';
import { StoredObject } from './store';

/** A change event as a watch delivers it. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  definition: ResourceDefinition;
  /** The new state; for `DELETED`, the last state with the deletion's resource version. */
  object: StoredObject;
  /** The state before a `MODIFIED`, so selector watches can turn it into ADDED or DELETED. */
  previous?: StoredObject;
  resourceVersion: number;
}

/** One open watch, as the hub sees it. */
export interface WatchSubscriber {
  /** `<group>/<resource>` of the watched resource. */
  resourceKey: string;
  deliver(event: WatchEvent): void;
  /** Present when the client asked for bookmarks. */
  bookmark?(resourceVersion: string): void;
  /** Ends the watch (server stop). */
  close(): void;
}

/** Options of {@link WatchHub}. */
export interface WatchHubOptions {
  /** Events kept per resource for watches that resume from a resource version. */
  historyLimit: number;
  /** How often watches that allow bookmarks get one. */
  bookmarkIntervalMs: number;
  /** The cluster's current resource version, carried by bookmarks. */
  currentVersion: () => string;
}

interface History {
  events: WatchEvent[];
  /** Watches may resume from this version or later; older ones are expired. */
  floor: number;
}

/**
 * Fan-out of one cluster's change events to its open watches, plus a bounded
 * history per resource (the last `historyLimit` events) so a watch can resume
 * from a resource version, and one shared bookmark timer for all watches.
 */
export class WatchHub {
  private readonly histories = new Map<string, History>();
  private readonly subscribers = new Set<WatchSubscriber>();
  /** The same watches by resource, so an event only visits its own watches. */
  private readonly byResource = new Map<string, Set<WatchSubscriber>>();
  private readonly bookmarkSubscribers = new Set<WatchSubscriber>();
  private bookmarkTimer?: NodeJS.Timeout;
  /** Resumable floor of resources that have no history yet. */
  private initialFloor: number;

  constructor(private readonly options: WatchHubOptions, startVersion: number) {
    this.initialFloor = startVersion;
  }

  /** Number of open watches. */
  get size(): number {
    return this.subscribers.size;
  }

  /** Records events and delivers them to the matching open watches. */
  publish(events: readonly WatchEvent[]): void {
    for (const event of events) {
      const rk = resourceKey(event.definition);
      let history = this.histories.get(rk);
      if (!history) {
        history = { events: [], floor: this.initialFloor };
        this.histories.set(rk, history);
      }
      history.events.push(event);
      if (history.events.length > this.options.historyLimit) {
        const dropped = history.events.splice(
          0,
          history.events.length - this.options.historyLimit,
        );
        history.floor = dropped[dropped.length - 1].resourceVersion;
      }
    }
    for (const event of events) {
      const watching = this.byResource.get(resourceKey(event.definition));
      if (!watching) continue;
      for (const subscriber of watching) subscriber.deliver(event);
    }
  }

  /**
   * Events of a resource after `resourceVersion`, or `expired` (with the
   * oldest version still resumable) when the history no longer reaches back
   * that far.
   */
  since(
    definition: ResourceDefinition,
    resourceVersion: number,
  ): WatchEvent[] | { expired: number } {
    const history = this.histories.get(resourceKey(definition));
    const floor = history?.floor ?? this.initialFloor;
    if (resourceVersion < floor) return { expired: floor };
    return (history?.events ?? []).filter(
      e => e.resourceVersion > resourceVersion,
    );
  }

  /** Registers an open watch; returns the function that unregisters it. */
  subscribe(subscriber: WatchSubscriber): () => void {
    this.subscribers.add(subscriber);
    let watching = this.byResource.get(subscriber.resourceKey);
    if (!watching) {
      watching = new Set();
      this.byResource.set(subscriber.resourceKey, watching);
    }
    watching.add(subscriber);
    if (subscriber.bookmark) this.bookmarkSubscribers.add(subscriber);
    if (subscriber.bookmark && !this.bookmarkTimer) {
      this.bookmarkTimer = setInterval(
        () => this.sendBookmarks(),
        this.options.bookmarkIntervalMs,
      );
      this.bookmarkTimer.unref();
    }
    return () => {
      this.subscribers.delete(subscriber);
      this.bookmarkSubscribers.delete(subscriber);
      const own = this.byResource.get(subscriber.resourceKey);
      own?.delete(subscriber);
      if (own?.size === 0) this.byResource.delete(subscriber.resourceKey);
      if (this.bookmarkSubscribers.size === 0) this.stopBookmarks();
    };
  }

  /** Ends every open watch and stops the bookmark timer. */
  closeAll(): void {
    for (const subscriber of [...this.subscribers]) subscriber.close();
    this.subscribers.clear();
    this.byResource.clear();
    this.bookmarkSubscribers.clear();
    this.stopBookmarks();
  }

  private sendBookmarks(): void {
    const version = this.options.currentVersion();
    for (const subscriber of this.bookmarkSubscribers) {
      subscriber.bookmark?.(version);
    }
  }

  private stopBookmarks(): void {
    if (this.bookmarkTimer) clearInterval(this.bookmarkTimer);
    this.bookmarkTimer = undefined;
  }
}
