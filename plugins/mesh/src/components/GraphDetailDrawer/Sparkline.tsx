import { makeStyles } from '@material-ui/core/styles';
import type { EdgeRatePoint } from '@mesh-portal/plugin-mesh-common';

const WIDTH = 160;
const HEIGHT = 32;

const useStyles = makeStyles(theme => ({
  line: { fill: 'none', stroke: theme.palette.primary.main, strokeWidth: 1.5 },
  gap: { fill: theme.palette.text.disabled },
}));

/**
 * A small line of an edge's rate over the window. Points without a report
 * break the line (a gap is not zero traffic). Its figures are in the label,
 * so it is never the only place a number is shown.
 */
export function Sparkline(props: { points: EdgeRatePoint[]; label: string }) {
  const classes = useStyles();
  const { points } = props;
  const values = points.map(p => p.value ?? 0);
  const max = Math.max(...values, 0) || 1;
  const x = (i: number) =>
    points.length > 1 ? (i / (points.length - 1)) * WIDTH : WIDTH / 2;
  const y = (v: number) => HEIGHT - 2 - (v / max) * (HEIGHT - 4);
  const runs: string[] = [];
  let current = '';
  points.forEach((point, i) => {
    if (point.value === undefined) {
      if (current) runs.push(current);
      current = '';
      return;
    }
    current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(
      point.value,
    ).toFixed(1)}`;
  });
  if (current) runs.push(current);
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      role="img"
      aria-label={props.label}
      data-testid="mesh-edge-sparkline"
    >
      {runs.map(d => (
        <path key={d} d={d} className={classes.line} />
      ))}
      {runs.length === 0 && (
        <text x={0} y={HEIGHT / 2} fontSize={11} className={classes.gap}>
          no reports in the window
        </text>
      )}
    </svg>
  );
}
