import { mockServices } from '@backstage/backend-test-utils';
import type { CacheService } from '@backstage/backend-plugin-api';
import { SharedSourceCache } from './SharedSourceCache';
import { memoryCache } from './__testUtils__/memoryCache';

const afterStore = () => new Promise(resolve => setImmediate(resolve));

function shared(cache: CacheService = memoryCache()) {
  return new SharedSourceCache<{ n: number }>({
    cache,
    ttlMs: 60_000,
    logger: mockServices.logger.mock(),
    kind: 'test',
  });
}

describe('SharedSourceCache', () => {
  it('shares one answer between concurrent requests and later ones within the TTL', async () => {
    const cache = memoryCache();
    const answers = shared(cache);
    let produced = 0;
    const produce = async () => ({ n: ++produced });
    const [a, b] = await Promise.all([
      answers.get('platform', '5m', produce),
      answers.get('platform', '5m', produce),
    ]);
    expect([a, b]).toEqual([{ n: 1 }, { n: 1 }]);
    await afterStore();
    expect(await answers.get('platform', '5m', produce)).toEqual({ n: 1 });
    expect(produced).toBe(1);
    expect([...cache.entries.keys()]).toEqual(['test:v1:platform:5m']);
  });

  it('keeps sources and windows apart', async () => {
    const answers = shared();
    let produced = 0;
    const produce = async () => ({ n: ++produced });
    await answers.get('platform', '5m', produce);
    await answers.get('compute', '5m', produce);
    await answers.get('platform', '1h', produce);
    expect(produced).toBe(3);
  });

  it('answers from the source when the cache fails, and lets a failed produce be retried', async () => {
    const broken = {
      get: async () => {
        throw new Error('cache down');
      },
      set: async () => {
        throw new Error('cache down');
      },
      delete: async () => {},
      withOptions: () => broken,
    } as unknown as CacheService;
    const answers = shared(broken);
    await expect(
      answers.get('platform', '5m', async () => {
        throw new Error('timeout');
      }),
    ).rejects.toThrow('timeout');
    expect(await answers.get('platform', '5m', async () => ({ n: 7 }))).toEqual(
      { n: 7 },
    );
  });
});
