import type { AuditResponse } from '@mesh-portal/plugin-mesh-common';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import { CoverageBar } from './CoverageBar';
import {
  COVERAGE_SEGMENTS,
  coverageShares,
  formatShare,
} from './coverageShares';
import { findingsSummary } from './findingsSummary';
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
    flexWrap: 'wrap',
    alignItems: 'baseline',
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
  /** The page is filtered: the figures are of the matching workloads only. */
  filtered?: boolean;
  /** Counts of the whole mesh, to say how many the filters left out. */
  unfilteredTotals?: AuditResponse['totals'];
  /** The "Not STRICT only" filter is on: STRICT workloads are left out. */
  notStrictOnly?: boolean;
  /** Opens the list of findings: `all` or a severity. */
  onOpenFindings?: (which: 'all' | 'error' | 'warning' | 'info') => void;
}

const countedOf = (totals: AuditResponse['totals']) =>
  totals.strict + totals.meshedNotStrict + totals.outside;

/** What the figures are shares of: every workload, or those matching the filters. */
function scopeText(
  counted: number,
  filtered: boolean | undefined,
  unfilteredTotals: AuditResponse['totals'] | undefined,
): string {
  if (!filtered) {
    return `All ${counted} workloads of the mesh (Istio infrastructure excluded)`;
  }
  const all = unfilteredTotals
    ? `, not all ${countedOf(unfilteredTotals)} of the mesh`
    : '';
  return `Of the ${counted} workloads matching the filters${all} (Istio infrastructure excluded)`;
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
export const HeadlineFigures = ({
  audit,
  filtered,
  unfilteredTotals,
  notStrictOnly,
  onOpenFindings,
}: HeadlineFiguresProps) => {
  const classes = useStyles();
  const colors = useCoverageColors();
  const { totals } = audit;
  const shares = coverageShares(totals);
  const counted = countedOf(totals);
  const findingsTotal = SEVERITIES.reduce(
    (sum, { key }) => sum + (audit.findingsBySeverity[key] ?? 0),
    0,
  );
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
      title={filtered ? 'Coverage (filtered)' : 'Coverage'}
      subheader={
        <span data-testid="headline-scope">
          {scopeText(counted, filtered, unfilteredTotals)}
        </span>
      }
    >
      <Grid container spacing={3}>
        {notStrictOnly && (
          <Grid item xs={12}>
            <Typography variant="body2" data-testid="headline-not-strict">
              The &quot;Not STRICT only&quot; filter is on: STRICT workloads are
              left out of these figures, so STRICT reads 0 %.
            </Typography>
          </Grid>
        )}
        {COVERAGE_SEGMENTS.map(segment => (
          <Grid item xs={12} sm={6} md={3} key={segment.key}>
            <Figure
              testId={`figure-${segment.key}`}
              value={formatShare(shares?.[segment.key])}
              label={segment.label}
              detail={`${totals[segment.key]} of ${counted} workloads`}
              color={colors[segment.key]}
            />
          </Grid>
        ))}
        <Grid item xs={12} sm={6} md={3}>
          <Figure
            testId="figure-observed"
            value={gap ? '—' : formatShare(audit.observedMtlsShare)}
            label="Observed inbound requests over mTLS"
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
              const text = (
                <>
                  <strong>{count}</strong> {count === 1 ? one : many}
                </>
              );
              return (
                <Typography
                  key={key}
                  variant="body1"
                  data-testid={`findings-${key}`}
                >
                  {count > 0 && onOpenFindings ? (
                    <Link
                      component="button"
                      variant="body1"
                      onClick={() => onOpenFindings(key)}
                      aria-label={`List the ${count} ${
                        count === 1 ? one : many
                      }`}
                    >
                      {text}
                    </Link>
                  ) : (
                    text
                  )}
                </Typography>
              );
            })}
            {audit.workloadsWithFindings !== undefined && (
              <Typography
                variant="body2"
                color="textSecondary"
                data-testid="findings-summary"
              >
                {findingsSummary(findingsTotal, audit.workloadsWithFindings)}
                {findingsTotal > 0 &&
                  '; a finding over several workloads counts once here and on each of its rows below'}
              </Typography>
            )}
            {findingsTotal > 0 && onOpenFindings && (
              <Link
                component="button"
                variant="body2"
                onClick={() => onOpenFindings('all')}
              >
                List all findings
              </Link>
            )}
          </Box>
        </Grid>
      </Grid>
    </InfoCard>
  );
};
