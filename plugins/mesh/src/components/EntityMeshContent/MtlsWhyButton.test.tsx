import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import type { MtlsDecision } from '@mesh-portal/plugin-mesh-common';
import { MtlsWhyButton } from './MtlsWhyButton';

const strict: MtlsDecision = {
  mode: 'STRICT',
  scope: 'mesh',
  policy: {
    cluster: 'platform',
    kind: 'PeerAuthentication',
    namespace: 'istio-system',
    name: 'default',
  },
  reason: 'STRICT from mesh-wide policy istio-system/default',
};

describe('MtlsWhyButton', () => {
  it('M6, E5: a partly meshed workload is explained per pod, not as outside the mesh', async () => {
    await renderInTestApp(
      <MtlsWhyButton
        decision={strict}
        subject="port 8080"
        enforced={false}
        membership={{ state: 'partial', pods: { sidecar: 1, none: 1 } }}
      />,
    );
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Why STRICT on port 8080?' },
        { timeout: 30_000 },
      ),
    );
    expect(
      await screen.findByText(/enforced on 1 of 2 pods/, undefined, {
        timeout: 30_000,
      }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/not in the mesh/)).toBeNull();
  });

  it('E5: a workload with no proxy at all is not enforced: plaintext', async () => {
    await renderInTestApp(
      <MtlsWhyButton
        decision={strict}
        subject="port 8080"
        enforced={false}
        membership={{ state: 'none', pods: { none: 2 } }}
      />,
    );
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Why STRICT on port 8080?' },
        { timeout: 30_000 },
      ),
    );
    expect(
      await screen.findByText(/the workload is not in the mesh/, undefined, {
        timeout: 30_000,
      }),
    ).toBeInTheDocument();
  });
});
