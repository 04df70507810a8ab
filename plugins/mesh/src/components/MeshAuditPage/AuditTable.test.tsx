import '@testing-library/jest-dom';
import type { AuditRow } from '@mesh-portal/plugin-mesh-common';
import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AUDIT_ROWS } from './__fixtures__/auditRows';
import { AuditTable } from './AuditTable';
import { DEFAULT_AUDIT_FILTERS } from './auditFilters';

/** Makes every media query match, as on a screen under 1280 px. */
function narrowScreen() {
  Object.defineProperty(window, 'matchMedia', {
    configurable: true,
    writable: true,
    value: (query: string) => ({
      matches: true,
      media: query,
      onchange: null,
      addListener: () => {},
      removeListener: () => {},
      addEventListener: () => {},
      removeEventListener: () => {},
      dispatchEvent: () => false,
    }),
  });
}

/** Renders the table with one row; a first render on a busy machine may take seconds. */
async function renderTable(row: AuditRow): Promise<HTMLElement> {
  await renderInTestApp(
    <AuditTable
      rows={[row]}
      totalItems={1}
      filters={DEFAULT_AUDIT_FILTERS}
      onChange={() => {}}
    />,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return screen.findByRole('table', { name: 'Workloads' }, { timeout: 30_000 });
}

describe('AuditTable', () => {
  afterEach(() => {
    delete (window as { matchMedia?: unknown }).matchMedia;
  });

  it('under 1280 px, moves entity, owner, cluster and namespace into the workload cell', async () => {
    narrowScreen();
    const row = AUDIT_ROWS[0];
    const table = await renderTable(row);
    const headers = within(table)
      .getAllByRole('columnheader')
      .map(h => h.textContent);
    expect(headers).toHaveLength(5);
    expect(headers.join(' ')).not.toMatch(/Entity|Cluster/);
    const cells = within(table).getAllByRole('cell');
    expect(cells).toHaveLength(5);
    expect(cells[0]).toHaveTextContent(`${row.cluster}/${row.namespace}`);
  });

  it('on a wide screen, keeps entity and owner, cluster and namespace in columns of their own', async () => {
    const row = AUDIT_ROWS[0];
    const table = await renderTable(row);
    expect(within(table).getAllByRole('columnheader')).toHaveLength(7);
    expect(within(table).getAllByRole('cell')[0]).not.toHaveTextContent(
      `${row.cluster}/${row.namespace}`,
    );
  });
});
