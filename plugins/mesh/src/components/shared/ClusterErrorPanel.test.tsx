import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { ClusterErrorPanel } from './ClusterErrorPanel';

describe('ClusterErrorPanel', () => {
  it('puts the age of the data shown into the title of a failed cluster', async () => {
    await renderInTestApp(
      <ClusterErrorPanel
        clusters={[
          { name: 'platform', ok: true, stale: false, ageSeconds: 3 },
          {
            name: 'compute',
            ok: false,
            stale: false,
            ageSeconds: 27,
            error: 'connect ECONNREFUSED',
          },
        ]}
      />,
    );
    expect(
      screen.getByText(
        /Cluster compute: the last refresh failed, showing data from 27 s ago$/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Cluster platform/)).not.toBeInTheDocument();
  });

  it('says so when nothing was ever read', async () => {
    await renderInTestApp(
      <ClusterErrorPanel
        clusters={[{ name: 'compute', ok: false, stale: true }]}
      />,
    );
    expect(
      screen.getByText(
        /Cluster compute: the last refresh failed, no data read yet$/,
      ),
    ).toBeInTheDocument();
  });
});
