import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { BoundedCache } from './BoundedCache';
import {
  CatalogVisibility,
  VisibleEntities,
  type EntityRefList,
} from './catalogVisibility';

function refList(count: number, version = 'v1'): EntityRefList {
  const refs = Array.from(
    { length: count },
    (_, i) => `component:default/service-${i}`,
  );
  return { version, refs, positions: new Map(refs.map((r, i) => [r, i])) };
}

function setup(now: () => number = Date.now) {
  const catalog = catalogServiceMock.mock({
    getEntitiesByRefs: jest.fn(async ({ entityRefs }) => {
      // Answer after a turn of the event loop, as a real catalog would.
      await new Promise(resolve => setImmediate(resolve));
      return {
        items: entityRefs.map(ref => {
          const name = ref.split('/')[1];
          return {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name, namespace: 'default' },
          };
        }),
      };
    }),
  });
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async requests =>
    requests.map((_, i) => ({
      result: i % 2 === 0 ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
    })),
  );
  const visibility = new CatalogVisibility(catalog, permissions, {
    now,
    maxCallers: 100,
  });
  return { catalog, permissions, visibility };
}

describe('CatalogVisibility (issue 13 item 4)', () => {
  it('shares one catalog lookup and one authorize batch among 50 parallel requests of one user', async () => {
    const { catalog, permissions, visibility } = setup();
    const list = refList(5000);
    const user = mockCredentials.user('user:default/ada');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => visibility.visible(list, user)),
    );
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize.mock.calls[0][0]).toHaveLength(5000);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0].has('component:default/service-0')).toBe(true);
    expect(answers[0].has('component:default/service-1')).toBe(false);
    expect(answers[0].toSet().size).toBe(2500);
  });

  it('asks again when the entity list changes', async () => {
    const { catalog, visibility } = setup();
    const user = mockCredentials.user('user:default/ada');
    await visibility.visible(refList(3, 'v1'), user);
    await visibility.visible(refList(3, 'v2'), user);
    expect(catalog.getEntitiesByRefs).toHaveBeenCalledTimes(2);
  });

  it('keys answers by what they allow: equal for the same entities of the same list version only', async () => {
    const { visibility } = setup();
    const list = refList(20);
    const ada = await visibility.visible(
      list,
      mockCredentials.user('user:default/ada'),
    );
    const bob = await visibility.visible(
      list,
      mockCredentials.user('user:default/bob'),
    );
    // Both are allowed the even-numbered entities (see setup).
    expect(bob).not.toBe(ada);
    expect(bob.key).toBe(ada.key);
    const newer = await visibility.visible(
      refList(20, 'v2'),
      mockCredentials.user('user:default/ada'),
    );
    expect(newer.key).not.toBe(ada.key);
    const fewer = new VisibleEntities(list, new Uint8Array(3));
    expect(fewer.key).not.toBe(ada.key);
  });

  it('remembers at most maxCallers callers', async () => {
    const { visibility } = setup();
    const list = refList(10);
    for (let i = 0; i < 250; i++) {
      await visibility.visible(
        list,
        mockCredentials.user(`user:default/u${i}`),
      );
    }
    expect(visibility.cachedCallers).toBe(100);
  });
});

describe('BoundedCache', () => {
  it('drops expired entries on the next write, without reading them', async () => {
    let now = 0;
    const cache = new BoundedCache<number>({
      maxEntries: 10,
      ttlMs: 1000,
      now: () => now,
    });
    await cache.get('a', async () => 1);
    await cache.get('b', async () => 2);
    now = 5000;
    await cache.get('c', async () => 3);
    expect(cache.size).toBe(1);
  });

  it('drops expired entries on a timer when nobody reads or writes any more (issue 14)', async () => {
    jest.useFakeTimers();
    try {
      const cache = new BoundedCache<number>({ maxEntries: 10, ttlMs: 1000 });
      await cache.get('a', async () => 1);
      await cache.get('b', async () => 2);
      expect(cache.size).toBe(2);
      jest.advanceTimersByTime(1000);
      // Both expired exactly at the sweep: nothing is read or written.
      expect(cache.size).toBe(0);
      // Empty: the timer stopped, and starts again with the next value.
      expect(jest.getTimerCount()).toBe(0);
      await cache.get('c', async () => 3);
      expect(jest.getTimerCount()).toBe(1);
    } finally {
      jest.useRealTimers();
    }
  });

  it('evicts the least recently used entry first', async () => {
    const cache = new BoundedCache<number>({ maxEntries: 2, ttlMs: 60_000 });
    await cache.get('a', async () => 1);
    await cache.get('b', async () => 2);
    await cache.get('a', async () => 99); // a hit: a becomes most recent
    await cache.get('c', async () => 3); // evicts b
    let computed = false;
    await cache.get('a', async () => {
      computed = true;
      return 0;
    });
    expect(computed).toBe(false);
    expect(await cache.get('b', async () => 42)).toBe(42);
  });

  it('does not cache a failed computation', async () => {
    const cache = new BoundedCache<number>({ maxEntries: 2, ttlMs: 60_000 });
    await expect(
      cache.get('a', async () => {
        throw new Error('catalog down');
      }),
    ).rejects.toThrow('catalog down');
    expect(cache.size).toBe(0);
    expect(cache.pending).toBe(0);
    expect(await cache.get('a', async () => 7)).toBe(7);
  });
});
