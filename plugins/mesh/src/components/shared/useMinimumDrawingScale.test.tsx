import { useRef } from 'react';
import { act, render, screen } from '@testing-library/react';
import { useMinimumDrawingScale } from './useMinimumDrawingScale';

function Drawing(props: { viewBoxWidth: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const minWidth = useMinimumDrawingScale(ref, 0.85);
  return (
    <div>
      <div ref={ref} data-testid="box" data-min-width={minWidth ?? ''}>
        {/* An icon first, as DependencyGraph's fullscreen button. */}
        <svg viewBox="0 0 24 24" />
        <svg viewBox={`0 0 ${props.viewBoxWidth} 300`} />
      </div>
    </div>
  );
}

describe('useMinimumDrawingScale', () => {
  it('asks for a box wide enough to draw the viewBox at the minimum scale, and never shrinks it', async () => {
    const { rerender } = render(<Drawing viewBoxWidth={2000} />);
    expect(screen.getByTestId('box').dataset.minWidth).toBe('1700');
    // A later, wider layout grows the box.
    await act(async () => rerender(<Drawing viewBoxWidth={3000} />));
    expect(screen.getByTestId('box').dataset.minWidth).toBe('2550');
    // A narrower one keeps it: the viewBox follows the box's own width.
    await act(async () => rerender(<Drawing viewBoxWidth={1000} />));
    expect(screen.getByTestId('box').dataset.minWidth).toBe('2550');
  });
});
