import type { AuditResponse } from '@mesh-portal/plugin-mesh-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { CoverageBar } from './CoverageBar';
import {
  COVERAGE_SEGMENTS,
  coverageShares,
  formatShare,
} from './coverageShares';
import { telemetryGap } from './telemetryGap';
import { useCoverageColors } from './useCoverageColors';

const useStyles = makeStyles(theme => ({
  figure: {
    borderLeft: `4px solid ${theme.palette.divider}`,
    paddingLeft: theme.spacing(1.5),
  },
  number: {
    fontWeight: 600,
    lineHeight: 1.1,
  },
  severity: {
    display: 'flex',
    gap: theme.spacing(2),
  },
}));

const SEVERITIES = [
  { key: 'error', one: 'error', many: 'errors' },
  { key: 'warning', one: 'warning', many: 'warnings' },
  { key: 'info', one: 'info', many: 'info' },
] as const;

/** Props of {@link HeadlineFigures}. */
export interface HeadlineFiguresProps {
  audit: AuditResponse;
}

interface FigureProps {
  value: string;
  label: string;
  detail?: string;
  color?: string;
  testId: string;
}

const Figure = ({ value, label, detail, color, testId }: FigureProps) => {
  const classes = useStyles();
  return (
    <Box
      className={classes.figure}
      style={color ? { borderColor: color } : undefined}
    >
      <Typography
        variant="h3"
        component="p"
        className={classes.number}
        data-testid={testId}
      >
        {value}
      </Typography>
      <Typography variant="body2">{label}</Typography>
      {detail && (
        <Typography variant="caption" color="textSecondary">
          {detail}
        </Typography>
      )}
    </Box>
  );
};

/**
 * The audit's big numbers over the filtered workloads: coverage shares, the
 * observed mTLS share of requests, and open findings by severity.
 */
export const HeadlineFigures = ({ audit }: HeadlineFiguresProps) => {
  const classes = useStyles();
  const colors = useCoverageColors();
  const { totals } = audit;
  const shares = coverageShares(totals);
  const counted = totals.strict + totals.meshedNotStrict + totals.outside;
  const gap = telemetryGap(audit.sources);
  let observedDetail = 'From Istio telemetry';
  const failed = (audit.sources ?? []).filter(source => !source.ok);
  if (gap) observedDetail = gap;
  else if (failed.length > 0)
    observedDetail = `Partial: telemetry unavailable from ${failed
      .map(source => source.name)
      .join(', ')}`;
  else if (audit.observedMtlsShare === undefined)
    observedDetail = 'No traffic observed for these workloads';
  return (
    <InfoCard
      title="Coverage"
      subheader={`${counted} workloads (Istio infrastructure excluded)`}
    >
      <Grid container spacing={3}>
        {COVERAGE_SEGMENTS.map(segment => (
          <Grid item xs={12} sm={6} md={3} key={segment.key}>
            <Figure
              testId={`figure-${segment.key}`}
              value={formatShare(shares?.[segment.key])}
              label={segment.label}
              detail={`${totals[segment.key]} workloads`}
              color={colors[segment.key]}
            />
          </Grid>
        ))}
        <Grid item xs={12} sm={6} md={3}>
          <Figure
            testId="figure-observed"
            value={gap ? '—' : formatShare(audit.observedMtlsShare)}
            label="Observed requests over mTLS"
            detail={observedDetail}
          />
        </Grid>
        <Grid item xs={12}>
          <CoverageBar counts={totals} />
        </Grid>
        <Grid item xs={12}>
          <Typography variant="subtitle2">Open findings</Typography>
          <Box className={classes.severity}>
            {SEVERITIES.map(({ key, one, many }) => {
              const count = audit.findingsBySeverity[key] ?? 0;
              return (
                <Typography
                  key={key}
                  variant="body1"
                  data-testid={`findings-${key}`}
                >
                  <strong>{count}</strong> {count === 1 ? one : many}
                </Typography>
              );
            })}
          </Box>
        </Grid>
      </Grid>
    </InfoCard>
  );
};
