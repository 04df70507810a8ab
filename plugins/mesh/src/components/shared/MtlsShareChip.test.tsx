import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { MtlsShareChip } from './MtlsShareChip';

describe('MtlsShareChip', () => {
  const chip = () => screen.getByLabelText(/^(mTLS|No traffic)/);

  it('is green only when every request used mTLS', async () => {
    await renderInTestApp(<MtlsShareChip share={1} window="5m" />);
    expect(chip()).toHaveTextContent('mTLS 100%');
    expect(chip()).toHaveAttribute('data-tone', 'ok');
  });

  it('warns about >99.9%: rounding must not hide plaintext', async () => {
    await renderInTestApp(<MtlsShareChip share={0.9996} window="5m" />);
    expect(chip()).toHaveTextContent('mTLS >99.9%');
    expect(chip()).toHaveAttribute('data-tone', 'warning');
  });

  it('is red when all traffic was plaintext', async () => {
    await renderInTestApp(<MtlsShareChip share={0} window="5m" />);
    expect(chip()).toHaveTextContent('mTLS 0%');
    expect(chip()).toHaveAttribute('data-tone', 'error');
  });

  it('is grey without traffic', async () => {
    await renderInTestApp(<MtlsShareChip window="5m" />);
    expect(chip()).toHaveTextContent('No traffic observed');
    expect(chip()).toHaveAttribute('data-tone', 'neutral');
  });
});
