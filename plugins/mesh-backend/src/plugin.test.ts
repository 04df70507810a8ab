import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { meshPlugin } from './plugin';

describe('meshPlugin', () => {
  it('starts, serves /health unauthenticated and protects /audit', async () => {
    const { server } = await startTestBackend({
      features: [
        meshPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });

    // The test backend treats a request without a header as a mock user;
    // `mockCredentials.none` sends no credentials at all.
    const none = mockCredentials.none.header();
    const status = async (path: string, authorization?: string) => {
      const call = request(server).get(path);
      return (
        await (authorization ? call.set('Authorization', authorization) : call)
      ).status;
    };
    expect(await status('/api/mesh/health', none)).toBe(200);
    expect(await status('/api/mesh/audit', none)).toBe(401);
    expect(await status('/api/mesh/clusters', none)).toBe(401);
    expect(await status('/api/mesh/clusters')).toBe(200);
  });

  it('registers the mesh permissions', async () => {
    const { server } = await startTestBackend({
      features: [
        meshPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    const response = await request(server).get(
      '/api/mesh/.well-known/backstage/permissions/metadata',
    );
    expect(response.status).toBe(200);
    expect(
      response.body.permissions.map((p: { name: string }) => p.name).sort(),
    ).toEqual(['mesh.audit.read', 'mesh.entity.read']);
  });

  it('fails to start with a message naming the bad key', async () => {
    await expect(
      startTestBackend({
        features: [
          meshPlugin,
          catalogServiceMock.factory({ entities: [] }),
          mockServices.rootConfig.factory({
            data: { mesh: { refresh: { frequency: 'soon' } } },
          }),
        ],
      }),
    ).rejects.toThrow(/mesh\.refresh\.frequency: must be a duration/);
  });
});
