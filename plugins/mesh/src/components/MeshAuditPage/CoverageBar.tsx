import type { CoverageCounts } from '@mesh-portal/plugin-mesh-common';
import { useTheme } from '@material-ui/core/styles';
import {
  COVERAGE_SEGMENTS,
  coverageShares,
  formatShare,
} from './coverageShares';
import { useCoverageColors } from './useCoverageColors';

/** Props of {@link CoverageBar}. */
export interface CoverageBarProps {
  counts: CoverageCounts;
  /** Height in pixels. */
  height?: number;
}

/**
 * A stacked horizontal bar of the coverage classes: plain SVG, scaled to
 * its container's width through a percentage-based viewBox.
 */
export const CoverageBar = ({ counts, height = 14 }: CoverageBarProps) => {
  const theme = useTheme();
  const colors = useCoverageColors();
  const shares = coverageShares(counts);
  const label = shares
    ? COVERAGE_SEGMENTS.map(
        s => `${s.label}: ${formatShare(shares[s.key])}`,
      ).join(', ')
    : 'No workloads';
  let x = 0;
  return (
    <svg
      role="img"
      aria-label={label}
      width="100%"
      height={height}
      viewBox={`0 0 100 ${height}`}
      preserveAspectRatio="none"
    >
      <title>{label}</title>
      <rect
        x={0}
        y={0}
        width={100}
        height={height}
        fill={theme.palette.action.hover}
      />
      {shares &&
        COVERAGE_SEGMENTS.map(segment => {
          const width = shares[segment.key] * 100;
          const rect = (
            <rect
              key={segment.key}
              x={x}
              y={0}
              width={width}
              height={height}
              fill={colors[segment.key]}
            />
          );
          x += width;
          return rect;
        })}
    </svg>
  );
};
