import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CallerEntities } from './CallerEntities';

const ADA = mockCredentials.user('user:default/ada');
const BOB = mockCredentials.user('user:default/bob');
/** Only Ada may read it. */
const SECRET = 'component:default/secret';

function entityOf(ref: string): Entity {
  const name = ref.split('/')[1];
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
  };
}

function setup(options: { now?: () => number; maxEntries?: number } = {}) {
  const catalog = catalogServiceMock.mock({
    getEntityByRef: jest.fn(
      async (ref: string, opts?: { credentials?: BackstageCredentials }) => {
        // Answer after a turn of the event loop, as a real catalog would.
        await new Promise(resolve => setImmediate(resolve));
        const user = (
          opts?.credentials?.principal as { userEntityRef?: string }
        )?.userEntityRef;
        if (ref === SECRET && user !== 'user:default/ada') return undefined;
        return entityOf(ref);
      },
    ) as any,
  });
  const entities = new CallerEntities(catalog, {
    ttlMs: 1_000,
    maxEntries: options.maxEntries ?? 100,
    now: options.now,
  });
  return { catalog, entities };
}

describe('CallerEntities (issue 14: per-caller catalog answers)', () => {
  it('shares one catalog lookup among 50 parallel requests of one caller for one entity', async () => {
    const { catalog, entities } = setup();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        entities.get('component:default/web', ADA),
      ),
    );
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]?.metadata.name).toBe('web');
  });

  it('never gives one caller the answer cached for another', async () => {
    const { catalog, entities } = setup();
    expect(await entities.get(SECRET, ADA)).toBeDefined();
    // Bob asks with his own credentials, although Ada's answer is cached.
    expect(await entities.get(SECRET, BOB)).toBeUndefined();
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
    expect(catalog.getEntityByRef.mock.calls[1][1]).toEqual({
      credentials: BOB,
    });
  });

  it('keeps concurrent lookups of two callers apart', async () => {
    const { catalog, entities } = setup();
    const [ada, bob] = await Promise.all([
      entities.get(SECRET, ADA),
      entities.get(SECRET, BOB),
    ]);
    expect(ada).toBeDefined();
    expect(bob).toBeUndefined();
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('asks the catalog again once the answer has expired', async () => {
    let now = 0;
    const { catalog, entities } = setup({ now: () => now });
    await entities.get('component:default/web', ADA);
    now = 999;
    await entities.get('component:default/web', ADA);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    now = 1_000;
    await entities.get('component:default/web', ADA);
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
  });

  it('does not keep a missing entity: it is asked again on the next request', async () => {
    const { catalog, entities } = setup();
    expect(await entities.get(SECRET, BOB)).toBeUndefined();
    expect(await entities.get(SECRET, BOB)).toBeUndefined();
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
    expect(entities.size).toBe(0);
  });

  it('never caches a caller without a stable identity', async () => {
    const { catalog, entities } = setup();
    await entities.get('component:default/web', mockCredentials.none());
    await entities.get('component:default/web', mockCredentials.none());
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
    expect(entities.size).toBe(0);
  });

  it('holds at most maxEntries answers, and drops expired ones on the next write without reading them', async () => {
    let now = 0;
    const { entities } = setup({ now: () => now, maxEntries: 10 });
    for (let i = 0; i < 50; i++) {
      await entities.get(`component:default/s${i}`, ADA);
    }
    expect(entities.size).toBe(10);
    now = 5_000;
    await entities.get('component:default/fresh', BOB);
    expect(entities.size).toBe(1);
  });
});
