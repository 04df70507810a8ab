/**
 * A least-recently-used cache with a time to live, bounded in entries, that
 * shares one in-flight computation per key.
 *
 * Expired entries are dropped when they are read, when the oldest are pushed
 * out by new ones, by a sweep on every write, and by a timer (one TTL apart,
 * unref'd, running only while the cache holds something), so the cache never
 * holds more than `maxEntries` values nor keeps stale ones (and what they
 * reference) alive because nobody reads or writes any more.
 * @internal
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { at: number; value: V }>();
  private readonly inFlight = new Map<string, Promise<V>>();
  private sweeper?: ReturnType<typeof setInterval>;

  constructor(
    private readonly options: {
      maxEntries: number;
      ttlMs: number;
      now?: () => number;
      /** Whether a computed value is kept (default: every value). */
      keep?: (value: V) => boolean;
    },
  ) {}

  private now() {
    return (this.options.now ?? Date.now)();
  }

  /** Number of values held (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }

  /** Number of computations running. */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * The value under `key`, computing it with `compute` when absent or
   * expired. Concurrent calls for the same key share one computation; a
   * failed computation, or a value `keep` refuses, is not cached.
   */
  async get(key: string, compute: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.options.ttlMs) {
      // Re-insert to mark it most recently used (Map keeps insertion order).
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const running = this.inFlight.get(key);
    if (running) return running;
    const promise = compute()
      .then(value => {
        if (this.options.keep?.(value) ?? true) this.set(key, value);
        return value;
      })
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, promise);
    return promise;
  }

  private set(key: string, value: V) {
    this.entries.delete(key);
    this.entries.set(key, { at: this.now(), value });
    this.sweep();
    if (!this.sweeper && this.entries.size > 0) {
      this.sweeper = setInterval(() => this.sweep(), this.options.ttlMs);
      this.sweeper.unref?.();
    }
  }

  /** Drops what has expired, then what exceeds the bound (oldest first). */
  sweep() {
    const now = this.now();
    for (const [oldKey, entry] of this.entries) {
      const expired = now - entry.at >= this.options.ttlMs;
      if (!expired && this.entries.size <= this.options.maxEntries) break;
      this.entries.delete(oldKey);
    }
    if (this.entries.size === 0 && this.sweeper) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }
}
