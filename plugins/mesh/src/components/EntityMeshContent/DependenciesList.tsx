import { WarningPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import HelpIcon from '@material-ui/icons/Help';
import ListIcon from '@material-ui/icons/List';
import ReportProblemIcon from '@material-ui/icons/ReportProblem';
import type { ReactElement } from 'react';
import type {
  DeclaredVsObserved,
  TelemetrySourceStatus,
} from '@mesh-portal/plugin-mesh-common';
import { StatusChip, StatusTone, telemetryUnavailableReason } from '../shared';

interface Pair {
  source: string;
  target: string;
  relation?: string;
}

function sameRef(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-US') === b.toLocaleLowerCase('en-US');
}

/** One relation; the page's own entity is left out as the obvious end. */
function PairLine(props: { pair: Pair; entityRef: string }) {
  const { pair, entityRef } = props;
  const relation = pair.relation ? ` (${pair.relation})` : '';
  if (sameRef(pair.source, entityRef)) {
    return (
      <Typography variant="body2">
        → <EntityRefLink entityRef={pair.target} />
        {relation}
      </Typography>
    );
  }
  if (sameRef(pair.target, entityRef)) {
    return (
      <Typography variant="body2">
        <EntityRefLink entityRef={pair.source} /> →{relation}
      </Typography>
    );
  }
  return (
    <Typography variant="body2">
      <EntityRefLink entityRef={pair.source} /> →{' '}
      <EntityRefLink entityRef={pair.target} />
      {relation}
    </Typography>
  );
}

function Group(props: {
  title: string;
  explanation: string;
  tone: StatusTone;
  icon: ReactElement;
  pairs: Pair[];
  entityRef: string;
}) {
  const { title, explanation, tone, icon, pairs, entityRef } = props;
  return (
    <Grid item xs={12} md={4}>
      <StatusChip
        label={`${title} (${pairs.length})`}
        tone={tone}
        icon={icon}
      />
      <Typography variant="caption" color="textSecondary" display="block">
        {explanation}
      </Typography>
      <ul aria-label={title}>
        {pairs.map(pair => (
          <li key={`${pair.source}->${pair.target}`}>
            <PairLine pair={pair} entityRef={entityRef} />
          </li>
        ))}
      </ul>
    </Grid>
  );
}

/**
 * Props of {@link DependenciesList}.
 */
export interface DependenciesListProps {
  dependencies?: DeclaredVsObserved;
  window: string;
  /** Telemetry sources of the comparison: without one, nothing was observed. */
  sources: TelemetrySourceStatus[];
  /** Ref of the page's entity, left out of the relations it is part of. */
  entityRef: string;
}

/**
 * Catalog relations compared with observed traffic. When no telemetry
 * source answered, it lists the declared relations without judging them,
 * since "not observed" would only mean "not measured".
 */
export function DependenciesList(props: DependenciesListProps) {
  const { dependencies, window, sources, entityRef } = props;
  if (!dependencies) {
    return (
      <Typography variant="body2" color="textSecondary">
        The backend did not compare catalog relations with traffic for this
        view.
      </Typography>
    );
  }
  const unavailable = telemetryUnavailableReason(sources);
  if (unavailable) {
    return (
      <>
        <WarningPanel
          severity="warning"
          title="Cannot compare: telemetry unavailable"
          message={`No traffic could be read (${unavailable}), so declared relations cannot be checked against it.`}
        />
        <Grid container spacing={2}>
          <Group
            title="Declared in the catalog"
            explanation="Not checked against traffic."
            tone="neutral"
            icon={<ListIcon />}
            pairs={[...dependencies.confirmed, ...dependencies.unobserved]}
            entityRef={entityRef}
          />
        </Grid>
      </>
    );
  }
  const failed = sources.filter(source => !source.ok);
  const partialNote =
    failed.length > 0
      ? ` Telemetry from ${failed
          .map(source => source.name)
          .join(', ')} is unavailable, so some of these may be in use there.`
      : '';
  return (
    <Grid container spacing={2}>
      <Group
        title="Declared and observed"
        explanation="In the catalog and seen in traffic."
        tone="ok"
        icon={<CheckCircleIcon />}
        pairs={dependencies.confirmed}
        entityRef={entityRef}
      />
      <Group
        title="Observed, not declared"
        explanation="Seen in traffic but missing from the catalog: add a dependsOn or consumesApi relation."
        tone="warning"
        icon={<ReportProblemIcon />}
        pairs={dependencies.undeclared}
        entityRef={entityRef}
      />
      <Group
        title="Declared, not observed"
        explanation={`In the catalog, but no traffic in the last ${window}: the relation may be stale, or the call is rare.${partialNote}`}
        tone="neutral"
        icon={<HelpIcon />}
        pairs={dependencies.unobserved}
        entityRef={entityRef}
      />
    </Grid>
  );
}
