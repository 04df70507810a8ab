import { meshApiRef } from './api';
import { MeshClient } from './api/MeshClient';
import { meshPlugin } from './plugin';

describe('meshPlugin', () => {
  it('has the id mesh and registers a MeshClient for meshApiRef', () => {
    expect(meshPlugin.getId()).toBe('mesh');
    const factory = [...meshPlugin.getApis()].find(
      api => api.api.id === meshApiRef.id,
    );
    expect(factory).toBeDefined();
    const client = factory!.factory({
      discoveryApi: { getBaseUrl: async () => 'http://localhost/api/mesh' },
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(MeshClient);
  });
});
