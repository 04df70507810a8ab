import type { CoverageHistoryPoint } from '@mesh-portal/plugin-mesh-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  COVERAGE_SEGMENTS,
  coverageShares,
  formatShare,
} from './coverageShares';
import { useCoverageColors } from './useCoverageColors';

/** Props of {@link CoverageHistoryChart}. */
export interface CoverageHistoryChartProps {
  points: CoverageHistoryPoint[];
}

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 44, right: 12, top: 10, bottom: 26 };

function formatDay(time: string): string {
  const date = new Date(time);
  return date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
}

/** First and last index of the seeded points, and how many there are. */
function seededRange(
  points: CoverageHistoryPoint[],
): { from: number; to: number; count: number } | undefined {
  const indices = points.flatMap((point, i) => (point.seeded ? [i] : []));
  if (indices.length === 0) return undefined;
  return {
    from: indices[0],
    to: indices[indices.length - 1],
    count: indices.length,
  };
}

/**
 * Coverage shares over time as stacked areas (STRICT at the bottom, so its
 * growth reads as a rising floor). Plain SVG with theme colours and text,
 * legible in light and dark themes.
 */
export const CoverageHistoryChart = ({ points }: CoverageHistoryChartProps) => {
  const theme = useTheme();
  const colors = useCoverageColors();
  const usable = points
    .map(point => ({ point, shares: coverageShares(point.counts) }))
    .filter(p => p.shares !== undefined);
  if (usable.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No history recorded yet for this selection.
      </Typography>
    );
  }
  const innerWidth = WIDTH - PAD.left - PAD.right;
  const innerHeight = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) =>
    PAD.left +
    (usable.length === 1
      ? innerWidth / 2
      : (i / (usable.length - 1)) * innerWidth);
  const y = (share: number) => PAD.top + (1 - share) * innerHeight;

  // Cumulative bands: band k spans from the sum of the shares below it to
  // that sum plus its own share.
  const bands = COVERAGE_SEGMENTS.map((segment, k) => {
    const lower = usable.map(({ shares }) =>
      COVERAGE_SEGMENTS.slice(0, k).reduce((sum, s) => sum + shares![s.key], 0),
    );
    const upper = usable.map(
      ({ shares }, i) => lower[i] + shares![segment.key],
    );
    const top = upper.map((v, i) => `${x(i)},${y(v)}`);
    const bottom = lower.map((v, i) => `${x(i)},${y(v)}`).reverse();
    const single = usable.length === 1;
    const path = single
      ? `M${x(0) - 6},${y(upper[0])} H${x(0) + 6} V${y(lower[0])} H${
          x(0) - 6
        } Z`
      : `M${top.join(' L')} L${bottom.join(' L')} Z`;
    return { segment, path };
  });

  const first = usable[0];
  const last = usable[usable.length - 1];
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const textColor = theme.palette.text.secondary;
  const seeded = seededRange(usable.map(({ point }) => point));
  const seededText = seeded
    ? `${formatDay(usable[seeded.from].point.time)} to ${formatDay(
        usable[seeded.to].point.time,
      )} is seeded demo data, not recorded from the clusters (${
        seeded.count
      } of ${usable.length} points)`
    : undefined;
  const summary = `STRICT ${formatShare(first.shares!.strict)} on ${formatDay(
    first.point.time,
  )}, ${formatShare(last.shares!.strict)} on ${formatDay(last.point.time)}`;
  // The seeded span, widened by half a step each side so a single point shows.
  const step = usable.length > 1 ? innerWidth / (usable.length - 1) : 24;
  const seededBox = seeded && {
    x1: Math.max(PAD.left, x(seeded.from) - step / 2),
    x2: Math.min(WIDTH - PAD.right, x(seeded.to) + step / 2),
  };

  return (
    <Box>
      <svg
        role="img"
        aria-label={`Coverage over time: ${summary}${
          seededText ? `. ${seededText}` : ''
        }`}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        data-testid="coverage-history-chart"
      >
        {ticks.map(tick => (
          <g key={tick}>
            <line
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={y(tick)}
              y2={y(tick)}
              stroke={theme.palette.divider}
            />
            <text
              x={PAD.left - 6}
              y={y(tick) + 4}
              textAnchor="end"
              fontSize={11}
              fill={textColor}
            >
              {tick * 100}%
            </text>
          </g>
        ))}
        {bands.map(({ segment, path }) => (
          <path
            key={segment.key}
            d={path}
            fill={colors[segment.key]}
            fillOpacity={0.75}
            stroke={colors[segment.key]}
          >
            <title>{segment.label}</title>
          </path>
        ))}
        {seededBox && (
          <g data-testid="coverage-history-seeded">
            <defs>
              <pattern
                id="coverage-history-seeded-hatch"
                width={8}
                height={8}
                patternUnits="userSpaceOnUse"
                patternTransform="rotate(45)"
              >
                <line
                  x1={0}
                  y1={0}
                  x2={0}
                  y2={8}
                  stroke={theme.palette.background.paper}
                  strokeWidth={3}
                  strokeOpacity={0.6}
                />
              </pattern>
            </defs>
            <rect
              x={seededBox.x1}
              y={PAD.top}
              width={seededBox.x2 - seededBox.x1}
              height={innerHeight}
              fill="url(#coverage-history-seeded-hatch)"
            />
            <rect
              x={(seededBox.x1 + seededBox.x2) / 2 - 62}
              y={PAD.top + 6}
              width={124}
              height={18}
              rx={3}
              fill={theme.palette.background.paper}
              fillOpacity={0.9}
            />
            <text
              x={(seededBox.x1 + seededBox.x2) / 2}
              y={PAD.top + 19}
              textAnchor="middle"
              fontSize={12}
              fontWeight={600}
              fill={theme.palette.text.primary}
            >
              DEMO DATA (seeded)
            </text>
          </g>
        )}
        {[first, last].map((p, i) => (
          <text
            key={i}
            x={i === 0 ? PAD.left : WIDTH - PAD.right}
            y={HEIGHT - 8}
            textAnchor={i === 0 ? 'start' : 'end'}
            fontSize={11}
            fill={textColor}
          >
            {formatDay(p.point.time)}
          </text>
        ))}
      </svg>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
        {COVERAGE_SEGMENTS.map(segment => (
          <Box
            key={segment.key}
            display="flex"
            alignItems="center"
            style={{ gap: 6 }}
          >
            <svg width={12} height={12} aria-hidden>
              <rect width={12} height={12} fill={colors[segment.key]} />
            </svg>
            <Typography variant="caption">{segment.label}</Typography>
          </Box>
        ))}
      </Box>
      <Typography variant="caption" color="textSecondary" component="p">
        {summary}
      </Typography>
      {seededText && (
        <Typography
          variant="caption"
          color="textPrimary"
          component="p"
          data-testid="coverage-history-seeded-note"
        >
          <strong>Demo data:</strong> {seededText}.
        </Typography>
      )}
    </Box>
  );
};
