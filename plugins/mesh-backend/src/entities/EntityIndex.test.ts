import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  component,
  refreshedSnapshot,
  testConfig,
} from '../__testUtils__/fixtures';
import { EntityIndex } from './EntityIndex';

describe('EntityIndex.reload', () => {
  async function setup() {
    const snapshot = await refreshedSnapshot(testConfig());
    const catalog = catalogServiceMock({
      entities: [component('web-frontend', 'team-web')],
    });
    const release: Array<() => void> = [];
    const fail: Array<(error: Error) => void> = [];
    const read = catalog.getEntities.bind(catalog);
    // Each catalog read waits until the test lets it finish (or fail).
    const getEntities = jest.fn(
      (...args: Parameters<typeof catalog.getEntities>) =>
        new Promise<Awaited<ReturnType<typeof catalog.getEntities>>>(
          (resolve, reject) => {
            release.push(() => resolve(read(...args)));
            fail.push(reject);
          },
        ),
    );
    catalog.getEntities = getEntities;
    const entities = new EntityIndex({
      catalog,
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      snapshot,
    });
    return { entities, getEntities, release, fail };
  }

  /** Lets pending promise callbacks (the credentials lookup) run. */
  const settle = () => new Promise(resolve => setImmediate(resolve));

  it('shares one catalog read between calls made while it runs', async () => {
    const { entities, getEntities, release } = await setup();
    const calls = [entities.reload(), entities.reload(), entities.reload()];
    await settle();
    expect(getEntities).toHaveBeenCalledTimes(1);
    release[0]();
    await Promise.all(calls);
    expect(entities.isLoaded()).toBe(true);
    expect(entities.refs()).toEqual(['component:default/web-frontend']);

    // Once it ended, the next call reads the catalog again.
    const next = entities.reload();
    await settle();
    expect(getEntities).toHaveBeenCalledTimes(2);
    release[1]();
    await next;
  });

  it('gives the shared failure to every caller, and the next call tries again', async () => {
    const { entities, getEntities, release, fail } = await setup();
    const calls = [entities.reload(), entities.reload()];
    await settle();
    fail[0](new Error('catalog unavailable'));
    for (const call of calls) {
      await expect(call).rejects.toThrow('catalog unavailable');
    }
    expect(entities.isLoaded()).toBe(false);

    const retry = entities.reload();
    await settle();
    expect(getEntities).toHaveBeenCalledTimes(2);
    release[1]();
    await retry;
    expect(entities.isLoaded()).toBe(true);
  });
});
