import type { CacheService } from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';

/**
 * A real (not mocked) in-memory `CacheService` for tests, with TTLs and a
 * JSON round trip like the production stores.
 */
export function memoryCache(): CacheService & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const expiry = new Map<string, number>();
  const cache = {
    entries,
    async get<T extends JsonValue>(key: string): Promise<T | undefined> {
      const until = expiry.get(key);
      if (until !== undefined && until < Date.now()) {
        entries.delete(key);
        expiry.delete(key);
      }
      const raw = entries.get(key);
      return raw === undefined ? undefined : (JSON.parse(raw) as T);
    },
    async set(key: string, value: JsonValue, options?: { ttl?: unknown }) {
      entries.set(key, JSON.stringify(value));
      if (typeof options?.ttl === 'number')
        expiry.set(key, Date.now() + options.ttl);
    },
    async delete(key: string) {
      entries.delete(key);
      expiry.delete(key);
    },
    withOptions() {
      return cache;
    },
  };
  return cache;
}
