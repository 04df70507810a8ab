import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { identityApiRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { AuditRow } from '@mesh-portal/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { MeshAuditPage } from './MeshAuditPage';
import { AUDIT_ROWS, FIXTURE_OWNERS } from './__fixtures__/auditRows';
import { createFakeAuditApi, FakeAuditApi } from './__fixtures__/fakeAuditApi';

const LocationProbe = () => {
  const location = useLocation();
  return <div data-testid="location-search">{location.search}</div>;
};

const FIRST_RENDER = { timeout: 30_000 };

async function renderPage(
  api: FakeAuditApi,
  options: { url?: string; ownershipEntityRefs?: string[] } = {},
) {
  const identity = mockApis.identity({
    userEntityRef: 'user:default/ann',
    ownershipEntityRefs: options.ownershipEntityRefs ?? [
      'user:default/ann',
      FIXTURE_OWNERS.data,
    ],
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [meshApiRef, api],
        [identityApiRef, identity],
      ]}
    >
      <MeshAuditPage />
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [options.url ?? '/mesh/audit'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  // A first render of the whole page on a busy machine: never the 1 s default.
  await screen.findByRole('table', { name: 'Workloads' }, FIRST_RENDER);
}

const lastAuditQuery = (api: FakeAuditApi) =>
  api.getAudit.mock.calls.at(-1)?.[0];
const rowCount = () => screen.queryAllByTestId('audit-row').length;

function generatedRows(count: number): AuditRow[] {
  return Array.from({ length: count }, (_, i) => ({
    ...AUDIT_ROWS[i % AUDIT_ROWS.length],
    // One cluster and namespace, so the backend's default order (cluster,
    // namespace, workload) is the order of the names.
    cluster: 'platform',
    namespace: 'bulk',
    workloadId: `platform/bulk/Deployment/bulk-${String(i).padStart(5, '0')}`,
    workload: `bulk-${String(i).padStart(5, '0')}`,
  }));
}

describe('MeshAuditPage', () => {
  it('shows the headline figures of the whole mesh', async () => {
    const api = createFakeAuditApi();
    await renderPage(api);
    // Fixtures: 7 strict, 5 meshed-not-strict, 6 outside; infrastructure excluded.
    expect(screen.getByTestId('figure-strict')).toHaveTextContent('38.9%');
    expect(screen.getByTestId('figure-meshedNotStrict')).toHaveTextContent(
      '27.8%',
    );
    expect(screen.getByTestId('figure-outside')).toHaveTextContent('33.3%');
    expect(screen.getByTestId('findings-error')).toHaveTextContent('2 errors');
    expect(rowCount()).toBe(20);
  });

  it('filters on an owner when its breakdown row is clicked', async () => {
    const api = createFakeAuditApi();
    await renderPage(api);
    await userEvent.click(
      screen.getByRole('button', {
        name: `Filter by owner ${FIXTURE_OWNERS.web}`,
      }),
    );
    await waitFor(() => expect(rowCount()).toBe(4));
    expect(lastAuditQuery(api)).toMatchObject({ owner: [FIXTURE_OWNERS.web] });
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      `owner=${encodeURIComponent(FIXTURE_OWNERS.web)}`,
    );
  });

  it('counts workloads in the breakdown as the STRICT share does, infrastructure apart, and names owners', async () => {
    await renderPage(createFakeAuditApi());
    const table = screen.getByRole('table', { name: 'Coverage by owner' });
    // Owners by name, not raw refs.
    expect(
      within(table).queryByText(FIXTURE_OWNERS.web),
    ).not.toBeInTheDocument();
    expect(within(table).getByText('web-team')).toBeInTheDocument();
    // istiod and ztunnel are unowned infrastructure: counted apart.
    const unowned = within(table).getByRole('button', {
      name: 'Filter by owner unowned',
    });
    expect(
      within(unowned).getByTestId('breakdown-workloads'),
    ).toHaveTextContent('1(+2 infra)');
  });

  it('filters on unowned workloads from the "unowned" row', async () => {
    const api = createFakeAuditApi();
    await renderPage(api);
    await userEvent.click(
      screen.getByRole('button', { name: 'Filter by owner unowned' }),
    );
    // istiod, ztunnel and debug-shell have no owner.
    await waitFor(() => expect(rowCount()).toBe(3));
    expect(lastAuditQuery(api)).toMatchObject({ owner: ['unowned'] });
  });

  it('filters on a cluster from the cluster breakdown', async () => {
    const api = createFakeAuditApi();
    await renderPage(api);
    await userEvent.click(screen.getByRole('tab', { name: 'Cluster' }));
    await userEvent.click(
      screen.getByRole('button', { name: 'Filter by cluster compute' }),
    );
    await waitFor(() => expect(rowCount()).toBe(9));
    expect(lastAuditQuery(api)).toMatchObject({ cluster: ['compute'] });
  });

  it('sends notStrict: true when "Not STRICT only" is switched on', async () => {
    const api = createFakeAuditApi();
    await renderPage(api);
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Not STRICT only' }),
    );
    await waitFor(() =>
      expect(lastAuditQuery(api)).toMatchObject({ notStrict: true }),
    );
    await waitFor(() => expect(rowCount()).toBe(11));
    expect(screen.queryByText('web-frontend')).not.toBeInTheDocument();
  });

  it('reads its filters from the URL so that a view can be shared', async () => {
    const api = createFakeAuditApi();
    await renderPage(api, {
      url: '/mesh/audit?cluster=compute&notStrict=true',
    });
    expect(api.getAudit).toHaveBeenCalledWith(
      expect.objectContaining({ cluster: ['compute'], notStrict: true }),
    );
    await waitFor(() => expect(rowCount()).toBe(6));
    expect(
      screen.getByRole('checkbox', { name: 'Not STRICT only' }),
    ).toBeChecked();
  });

  it('exports the current filters as CSV without paging', async () => {
    const api = createFakeAuditApi();
    const createObjectURL = jest.fn(() => 'blob:mesh-audit');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    await renderPage(api, {
      url: '/mesh/audit?cluster=platform&notStrict=true&page=0',
    });
    await userEvent.click(screen.getByRole('button', { name: /Export CSV/ }));
    await waitFor(() => expect(api.exportAuditCsv).toHaveBeenCalledTimes(1));
    expect(api.exportAuditCsv).toHaveBeenCalledWith({
      cluster: ['platform'],
      notStrict: true,
    });
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    click.mockRestore();
  });

  it('pages on the server and never renders more than one page', async () => {
    const api = createFakeAuditApi({ rows: generatedRows(5000) });
    await renderPage(api);
    expect(rowCount()).toBe(25);
    expect(lastAuditQuery(api)).toMatchObject({ offset: 0, limit: 25 });
    expect(screen.getByText('bulk-00000')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(lastAuditQuery(api)).toMatchObject({ offset: 25, limit: 25 }),
    );
    await screen.findByText('bulk-00025');
    expect(rowCount()).toBe(25);
    expect(screen.getByText(/26-50 of 5000/)).toBeInTheDocument();
  });

  it('sorts by a column, then reverses it', async () => {
    const api = createFakeAuditApi();
    await renderPage(api);
    const table = screen.getByRole('table', { name: 'Workloads' });
    await userEvent.click(
      within(table).getByRole('button', { name: 'Findings' }),
    );
    await waitFor(() =>
      expect(lastAuditQuery(api)).toMatchObject({
        sort: 'findings',
        order: 'asc',
      }),
    );
    await userEvent.click(
      within(table).getByRole('button', { name: 'Findings' }),
    );
    await waitFor(() =>
      expect(lastAuditQuery(api)).toMatchObject({
        sort: 'findings',
        order: 'desc',
      }),
    );
    // The most findings first: the last cell of the first row.
    await waitFor(() =>
      expect(
        within(screen.getAllByTestId('audit-row')[0])
          .getAllByRole('cell')
          .at(-1),
      ).toHaveTextContent('2'),
    );
  });

  it('searches after typing stops', async () => {
    const api = createFakeAuditApi();
    await renderPage(api);
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search workloads' }),
      'spark',
    );
    await waitFor(() =>
      expect(lastAuditQuery(api)).toMatchObject({ q: 'spark' }),
    );
    // Three spark-* workloads plus the shuffle service in namespace "spark".
    await waitFor(() => expect(rowCount()).toBe(4));
  });

  it("restricts owners to the signed-in user's teams", async () => {
    const api = createFakeAuditApi();
    await renderPage(api, {
      ownershipEntityRefs: ['user:default/ann', FIXTURE_OWNERS.data],
    });
    await userEvent.click(screen.getByRole('checkbox', { name: 'My teams' }));
    await waitFor(() =>
      expect(lastAuditQuery(api)).toMatchObject({
        owner: ['user:default/ann', FIXTURE_OWNERS.data],
      }),
    );
    await waitFor(() => expect(rowCount()).toBe(7));
  });

  it('links each workload to its entity and owner', async () => {
    const api = createFakeAuditApi();
    await renderPage(api);
    const row = screen.getByText('pipeline-scheduler').closest('tr')!;
    expect(
      within(row).getByRole('link', { name: 'Pipeline Scheduler' }),
    ).toHaveAttribute('href', '/catalog/default/component/pipeline-scheduler');
    // The deciding policy is in the chip's tooltip, not a caption that widens the table.
    expect(
      within(row).getByLabelText(/Decided by istio-system\/default/),
    ).toBeInTheDocument();
    expect(
      within(row).queryByText(/by istio-system\/default/),
    ).not.toBeInTheDocument();
  });

  it('keeps the table narrow: paired columns share a cell and keep their sorts', async () => {
    const createdApi = createFakeAuditApi();
    await renderPage(createdApi);
    const table = screen.getByRole('table', { name: 'Workloads' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toEqual([
      'Workload',
      'EntityOwner',
      'ClusterNamespace',
      'Membership',
      'Effective mode',
      'Observed mTLS inout',
      'Findings',
    ]);
    const row = screen.getByText('pipeline-scheduler').closest('tr')!;
    const cells = within(row).getAllByRole('cell');
    expect(cells[1]).toHaveTextContent('Pipeline Scheduler');
    expect(cells[1]).toHaveTextContent('data-team');
    expect(cells[2]).toHaveTextContent('platformpipelines');
    await userEvent.click(
      within(table).getByRole('button', { name: 'Namespace' }),
    );
    await waitFor(() =>
      expect(lastAuditQuery(createdApi)).toMatchObject({ sort: 'namespace' }),
    );
  });

  it('draws the coverage history for the current owner filter', async () => {
    const api = createFakeAuditApi();
    await renderPage(api, { url: `/mesh/audit?owner=${FIXTURE_OWNERS.web}` });
    await screen.findByTestId('coverage-history-chart');
    expect(api.getAuditHistory).toHaveBeenLastCalledWith({
      groupBy: 'owner',
      key: [FIXTURE_OWNERS.web],
      days: 30,
    });
  });

  it('shows a failing cluster next to the data of the others', async () => {
    const api = createFakeAuditApi({
      clusters: [
        { name: 'platform', ok: true, stale: false },
        {
          name: 'compute',
          ok: false,
          stale: true,
          error: 'connect ECONNREFUSED',
        },
      ],
    });
    await renderPage(api);
    expect(
      screen.getByText(/Cluster compute: the last refresh failed/),
    ).toBeInTheDocument();
    expect(rowCount()).toBe(20);
  });

  it('says no traffic was observed when telemetry answered', async () => {
    const api = createFakeAuditApi({
      rows: AUDIT_ROWS.map(row => ({ ...row, observedMtlsShare: undefined })),
      sources: [
        { name: 'platform', ok: true },
        { name: 'compute', ok: true },
      ],
    });
    await renderPage(api);
    expect(screen.getByTestId('figure-observed')).toHaveTextContent('–');
    expect(
      screen.getByText('No traffic observed for these workloads'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('in: no traffic')).toHaveLength(20);
    expect(screen.getAllByText('out: no traffic')).toHaveLength(20);
  });

  it('says why observed mTLS is unknown when telemetry failed, instead of "no traffic"', async () => {
    const api = createFakeAuditApi({
      rows: AUDIT_ROWS.map(row => ({ ...row, observedMtlsShare: undefined })),
      sources: [
        { name: 'platform', ok: false, error: 'Prometheus timed out' },
        { name: 'compute', ok: false, error: 'connection refused' },
      ],
    });
    await renderPage(api);
    expect(screen.getByTestId('figure-observed')).toHaveTextContent('—');
    expect(
      screen.getByText(
        'Telemetry unavailable from platform: Prometheus timed out. Telemetry unavailable from compute: connection refused.',
      ),
    ).toBeInTheDocument();
    // The shared panel names each failed source.
    expect(
      screen.getAllByText(/Telemetry unavailable from compute$/).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/no traffic/)).not.toBeInTheDocument();
    const row = screen.getByText('spark-driver').closest('tr')!;
    expect(
      within(row)
        .getAllByTestId('observed-unknown')
        .map(cell => cell.getAttribute('aria-label')),
    ).toEqual([
      'Inbound: unknown. Telemetry unavailable from compute: connection refused.',
      'Outbound: unknown. Telemetry unavailable from compute: connection refused.',
    ]);
  });

  it('marks only the rows of the cluster whose telemetry failed', async () => {
    const api = createFakeAuditApi({
      rows: AUDIT_ROWS.map(row => ({ ...row, observedMtlsShare: undefined })),
      sources: [
        { name: 'platform', ok: true },
        { name: 'compute', ok: false, error: 'connection refused' },
      ],
    });
    await renderPage(api);
    const platformRow = screen.getByText('web-frontend').closest('tr')!;
    expect(within(platformRow).getByText('in: no traffic')).toBeInTheDocument();
    const computeRow = screen.getByText('spark-driver').closest('tr')!;
    expect(within(computeRow).getAllByTestId('observed-unknown')).toHaveLength(
      2,
    );
    expect(
      screen.getByText(/Partial: telemetry unavailable from compute/),
    ).toBeInTheDocument();
  });

  it('says so when the mesh has no workloads', async () => {
    const api = createFakeAuditApi({ rows: [] });
    await renderInTestApp(
      <TestApiProvider apis={[[meshApiRef, api]]}>
        <MeshAuditPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No workloads in the mesh yet'),
    ).toBeInTheDocument();
  });

  it('shows the backend error when the audit fails', async () => {
    const api = createFakeAuditApi();
    api.getAudit.mockRejectedValue(new Error('mesh backend unavailable'));
    await renderInTestApp(
      <TestApiProvider apis={[[meshApiRef, api]]}>
        <MeshAuditPage />
      </TestApiProvider>,
    );
    expect(
      (await screen.findAllByText(/mesh backend unavailable/))[0],
    ).toBeInTheDocument();
  });

  it('clears every filter at once', async () => {
    const api = createFakeAuditApi();
    await renderPage(api, {
      url: '/mesh/audit?cluster=compute&notStrict=true',
    });
    await waitFor(() => expect(rowCount()).toBe(6));
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(rowCount()).toBe(20));
    expect(screen.getByTestId('location-search')).toBeEmptyDOMElement();
  });
});
