import '@testing-library/jest-dom';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation, useNavigate } from 'react-router-dom';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  AuditRow,
  CoverageHistoryPoint,
} from '@mesh-portal/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { MeshAuditPage } from './MeshAuditPage';
import { CoverageHistoryChart } from './CoverageHistoryChart';
import { combineSeries } from './historySeries';
import { AUDIT_ROWS } from './__fixtures__/auditRows';
import {
  answerAuditFindings,
  createFakeAuditApi,
  FakeAuditApi,
} from './__fixtures__/fakeAuditApi';

/** A first render of the whole page on a busy machine: never the 1 s default. */
const SLOW = { timeout: 30_000 };

const LocationProbe = () => {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <div data-testid="location-search">{location.search}</div>
      <button onClick={() => navigate(-1)}>Back</button>
    </>
  );
};

async function renderPage(api: FakeAuditApi, url = '/mesh/audit') {
  await renderInTestApp(
    <TestApiProvider apis={[[meshApiRef, api]]}>
      <MeshAuditPage />
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [url],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  await screen.findByRole('table', { name: 'Workloads' }, SLOW);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('MeshAuditPage: honest numbers (issue 18 item 4)', () => {
  it('lists the findings behind a headline count, each once with the workloads it touches, and the counts add up', async () => {
    const api = createFakeAuditApi();
    await renderPage(api);
    const all = answerAuditFindings();
    const rowsTotal = sum(AUDIT_ROWS.map(row => row.findings));
    // A namespace-wide finding touches several rows: fewer findings than the
    // rows' counts add up to, and the headline says so.
    expect(all.totalItems).toBeLessThan(rowsTotal);
    expect(screen.getByTestId('findings-summary')).toHaveTextContent(
      `${all.totalItems} findings across ${all.workloads} workloads`,
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'List all findings' }),
    );
    const dialog = await screen.findByRole('dialog', {}, SLOW);
    expect(within(dialog).getByText('Findings')).toBeInTheDocument();
    await waitFor(
      () =>
        expect(within(dialog).getAllByTestId('audit-finding')).toHaveLength(
          all.totalItems,
        ),
      SLOW,
    );
    // Every (finding, workload) pair of the table is in the list once.
    expect(
      within(dialog).getAllByTestId('audit-finding-workload'),
    ).toHaveLength(rowsTotal);
    expect(
      within(dialog).getByTestId('audit-findings-summary'),
    ).toHaveTextContent(
      `${all.totalItems} findings across ${all.workloads} workloads`,
    );
    // Message, fix and entity of each finding.
    expect(
      within(dialog).getByText('Namespace web accepts plaintext (PERMISSIVE).'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Apply a STRICT PeerAuthentication in web.'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getAllByRole('link', { name: 'Web Assets' }).length,
    ).toBeGreaterThan(0);
    expect(screen.getByTestId('location-search')).toHaveTextContent(
      'findings=all',
    );
    // The list is a history entry: Back closes it and stays on the page.
    // (The probe's button is behind the modal, hence hidden and fireEvent.)
    fireEvent.click(screen.getByRole('button', { name: 'Back', hidden: true }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('table', { name: 'Workloads' }),
    ).toBeInTheDocument();
  });

  it('opens a severity from the headline and a row count from the table', async () => {
    const api = createFakeAuditApi();
    await renderPage(api);
    await userEvent.click(
      screen.getByRole('button', { name: 'List the 2 errors' }),
    );
    let dialog = await screen.findByRole('dialog', {}, SLOW);
    await waitFor(
      () =>
        expect(within(dialog).getAllByTestId('audit-finding')).toHaveLength(2),
      SLOW,
    );
    expect(api.getAuditFindings).toHaveBeenLastCalledWith(
      expect.objectContaining({ severity: 'error' }),
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Close' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    // Two findings: its own error and the spark namespace's shared warning.
    const row: AuditRow = AUDIT_ROWS.find(
      r => r.workload === 'spark-executor',
    )!;
    await userEvent.click(
      screen.getByRole('button', {
        name: `List the 2 findings of ${row.workload}`,
      }),
    );
    dialog = await screen.findByRole('dialog', {}, SLOW);
    expect(
      within(dialog).getByText(`Findings of ${row.workload}`),
    ).toBeInTheDocument();
    await waitFor(
      () =>
        expect(within(dialog).getAllByTestId('audit-finding')).toHaveLength(2),
      SLOW,
    );
    expect(api.getAuditFindings).toHaveBeenLastCalledWith(
      expect.objectContaining({ workload: row.workloadId }),
    );
    // The shared finding says it touches other workloads too.
    expect(within(dialog).getByText(/touches 3 workloads/)).toBeInTheDocument();
  });

  it('says the headline covers the whole mesh when nothing is filtered', async () => {
    const api = createFakeAuditApi();
    await renderPage(api);
    expect(screen.getByTestId('headline-scope')).toHaveTextContent(
      'All 18 workloads of the mesh',
    );
    expect(screen.queryByTestId('headline-not-strict')).not.toBeInTheDocument();
  });

  it('says the headline follows the filters, and why STRICT reads 0 % under "Not STRICT only"', async () => {
    await renderPage(createFakeAuditApi(), '/mesh/audit?notStrict=true');
    await waitFor(
      () =>
        expect(screen.getByTestId('headline-scope')).toHaveTextContent(
          'Of the 11 workloads matching the filters, not all 18 of the mesh',
        ),
      SLOW,
    );
    expect(screen.getByTestId('figure-strict')).toHaveTextContent('0');
    expect(screen.getByTestId('headline-not-strict')).toHaveTextContent(
      'STRICT workloads are left out of these figures, so STRICT reads 0 %',
    );
  });

  it('shows inbound and outbound mTLS apart, so a plaintext sender outside the mesh is visible (O1, O2), and native vs classic sidecars', async () => {
    const rows = AUDIT_ROWS.map(row => {
      if (row.workload === 'web-frontend') {
        return { ...row, nativeSidecar: true, observedOutboundMtlsShare: 1 };
      }
      if (row.coverage === 'outside') {
        return {
          ...row,
          observedMtlsShare: undefined,
          observedOutboundMtlsShare: 0,
        };
      }
      return row.membership === 'sidecar'
        ? { ...row, nativeSidecar: false }
        : row;
    });
    const api = createFakeAuditApi({
      rows,
      sources: [
        { name: 'platform', ok: true },
        { name: 'compute', ok: true },
      ],
    });
    await renderPage(api);
    const outsider = rows.find(row => row.coverage === 'outside')!;
    const outsiderRow = screen.getByText(outsider.workload).closest('tr')!;
    expect(within(outsiderRow).getByText('in: no traffic')).toBeInTheDocument();
    expect(
      within(outsiderRow).getByTestId('observed-out'),
    ).toHaveAccessibleName('Outbound: 0% mTLS');
    const web = screen.getByText('web-frontend').closest('tr')!;
    expect(within(web).getByText('native sidecar')).toBeInTheDocument();
    expect(within(web).getByTestId('observed-out')).toHaveTextContent('100%');
    const assets = screen.getByText('web-assets').closest('tr')!;
    expect(within(assets).getByText('classic sidecar')).toBeInTheDocument();
    // Sorting by the outbound share is asked of the backend.
    await userEvent.click(screen.getByRole('button', { name: 'out' }));
    await waitFor(() =>
      expect(api.getAudit.mock.calls.at(-1)?.[0]).toMatchObject({
        sort: 'observedOutboundMtlsShare',
      }),
    );
  });
});

describe('CoverageHistoryChart: seeded history', () => {
  const point = (day: number, seeded?: boolean): CoverageHistoryPoint => ({
    time: new Date(Date.UTC(2026, 10, 1 + day)).toISOString(),
    counts: {
      strict: 2 + day,
      meshedNotStrict: 4,
      outside: 4 - Math.min(day, 4),
      infrastructure: 1,
      total: 11 + day - Math.min(day, 4),
    },
    ...(seeded ? { seeded: true } : {}),
  });

  it('labels seeded points as demo data, on the chart and in text', async () => {
    const points = [0, 1, 2, 3].map(day => point(day, true));
    points.push(point(4), point(5));
    await renderInTestApp(<CoverageHistoryChart points={points} />);
    expect(
      await screen.findByTestId('coverage-history-seeded', {}, SLOW),
    ).toHaveTextContent('DEMO DATA (seeded)');
    expect(
      screen.getByTestId('coverage-history-seeded-note'),
    ).toHaveTextContent(
      'Demo data: 1 Nov to 4 Nov is seeded demo data, not recorded from the clusters (4 of 6 points).',
    );
    expect(screen.getByTestId('coverage-history-chart')).toHaveAccessibleName(
      expect.stringContaining('seeded demo data'),
    );
  });

  it('says nothing of demo data when every point was recorded', async () => {
    await renderInTestApp(
      <CoverageHistoryChart points={[point(0), point(1)]} />,
    );
    await screen.findByTestId('coverage-history-chart', {}, SLOW);
    expect(
      screen.queryByTestId('coverage-history-seeded'),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/demo data/i)).not.toBeInTheDocument();
  });

  it('treats a summed point as seeded when any of its series is', () => {
    const combined = combineSeries({
      series: {
        'owner:a': [point(0, true), point(1)],
        'owner:b': [point(0), point(1)],
      },
    });
    expect(combined.map(p => p.seeded)).toEqual([true, undefined]);
  });
});
