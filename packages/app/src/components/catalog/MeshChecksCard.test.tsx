import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { MeshChecksCard } from './MeshChecksCard';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'auth-service', namespace: 'default' },
  spec: {},
};

function renderCard(answer: () => Response) {
  const requests: Array<{ url: string; init?: RequestInit }> = [];
  const fetchApi = {
    fetch: async (input: RequestInfo | URL, init?: RequestInit) => {
      requests.push({ url: String(input), init });
      return answer();
    },
  };
  const discoveryApi = {
    getBaseUrl: async (id: string) => `http://backend.test/api/${id}`,
  };
  return {
    requests,
    rendered: renderInTestApp(
      <TestApiProvider
        apis={[
          [fetchApiRef, fetchApi],
          [discoveryApiRef, discoveryApi],
        ]}
      >
        <EntityProvider entity={entity}>
          <MeshChecksCard />
        </EntityProvider>
      </TestApiProvider>,
    ),
  };
}

const check = (id: string, name: string, result: boolean) => ({
  check: { id, name, description: `${name}, described` },
  result,
});

// First renders of the test app are slow on a busy machine.
jest.setTimeout(60_000);

describe('MeshChecksCard', () => {
  it("runs the entity's mesh checks on the Tech Insights backend and shows each result", async () => {
    const { requests, rendered } = renderCard(() =>
      Response.json([
        check('meshStrictMtls', 'STRICT mTLS on every port', false),
        check('meshInTheMesh', 'In the mesh', true),
      ]),
    );
    await rendered;
    const strict = await screen.findByTestId(
      'mesh-check-meshStrictMtls',
      {},
      { timeout: 10_000 },
    );
    expect(strict).toHaveTextContent('STRICT mTLS on every port, described');
    expect(screen.getByTestId('mesh-check-meshInTheMesh')).toHaveTextContent(
      'Passed',
    );
    expect(requests[0].url).toBe(
      'http://backend.test/api/tech-insights/checks/run/default/Component/auth-service',
    );
    expect(JSON.parse(String(requests[0].init?.body))).toEqual({
      checks: ['meshInTheMesh', 'meshStrictMtls', 'meshNoErrorFindings'],
    });
  });

  it('says so when the entity has no mesh facts', async () => {
    await renderCard(() => Response.json([])).rendered;
    expect(
      await screen.findByText(/No mesh facts yet/, {}, { timeout: 10_000 }),
    ).toBeInTheDocument();
  });

  it('shows an error the backend answers', async () => {
    await renderCard(() => new Response('no', { status: 503 })).rendered;
    expect(
      await screen.findAllByText(
        /Tech Insights answered 503/,
        {},
        { timeout: 10_000 },
      ),
    ).not.toHaveLength(0);
  });
});
