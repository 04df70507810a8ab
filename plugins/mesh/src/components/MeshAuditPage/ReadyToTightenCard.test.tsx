import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { meshApiRef } from '../../api';
import { createMockMeshApi, PLATFORM_WEB_ID } from '../../__fixtures__';
import { ReadyToTightenCard } from './ReadyToTightenCard';

const FIRST_RENDER = { timeout: 15_000 };

describe('ReadyToTightenCard', () => {
  it('loads on demand and counts ready, blocked and silent workloads by team and namespace', async () => {
    const getReadinessAudit = jest.fn(createMockMeshApi().getReadinessAudit);
    await renderInTestApp(
      <TestApiProvider
        apis={[[meshApiRef, createMockMeshApi({ getReadinessAudit })]]}
      >
        <ReadyToTightenCard />
      </TestApiProvider>,
    );
    const show = await screen.findByRole(
      'button',
      { name: 'Show ready to tighten' },
      FIRST_RENDER,
    );
    expect(getReadinessAudit).not.toHaveBeenCalled();
    await userEvent.click(show);
    expect(
      await screen.findByTestId('readiness-headline', {}, FIRST_RENDER),
    ).toHaveTextContent(
      '1 of 3 workloads could go STRICT today; 1 blocked, 1 without traffic in the last 7d, 0 already STRICT.',
    );
    const web = screen.getByTestId('readiness-by-owner-group:default/web-team');
    const cells = within(web)
      .getAllByRole('cell')
      .map(cell => cell.textContent);
    // Team, ready, blocked, unknown, strict, not meshed.
    expect(cells).toEqual(['group:default/web-team', '1', '1', '0', '0', '0']);
    expect(
      screen.getByTestId('readiness-by-namespace-platform/batch'),
    ).toHaveTextContent('platform/batch00100');
    const blocked = screen.getByTestId(`readiness-blocked-${PLATFORM_WEB_ID}`);
    expect(blocked).toHaveTextContent(
      'platform/legacy/report-generator (Out of the mesh)',
    );
    expect(blocked).toHaveTextContent('Inject a sidecar');
  }, 30_000);

  it('exports the list as CSV', async () => {
    const createObjectURL = jest.fn(() => 'blob:readiness');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await renderInTestApp(
      <TestApiProvider apis={[[meshApiRef, createMockMeshApi()]]}>
        <ReadyToTightenCard />
      </TestApiProvider>,
    );
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Show ready to tighten' },
        FIRST_RENDER,
      ),
    );
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Export readiness CSV' },
        FIRST_RENDER,
      ),
    );
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    const blob = (createObjectURL.mock.calls[0] as unknown as [Blob])[0];
    const text = await blob.text();
    expect(text).toContain('"nightly-export"');
    expect(text).toContain('"strict-web-web-frontend.yaml"');
  }, 30_000);
});
