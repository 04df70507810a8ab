import { Link } from '@backstage/core-components';
import {
  entityRouteParams,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import HelpIcon from '@material-ui/icons/Help';
import ReportProblemIcon from '@material-ui/icons/ReportProblem';
import type { ReactElement } from 'react';
import type { DeclaredVsObserved } from '@internal/plugin-mesh-common';
import { StatusChip, StatusTone, useOptionalRouteRef } from '../shared';

interface Pair {
  source: string;
  target: string;
  relation?: string;
}

function EntityLink(props: { entityRef: string }) {
  const entityRoute = useOptionalRouteRef(entityRouteRef);
  return entityRoute ? (
    <Link to={entityRoute(entityRouteParams(props.entityRef))}>
      {props.entityRef}
    </Link>
  ) : (
    <>{props.entityRef}</>
  );
}

function Group(props: {
  title: string;
  explanation: string;
  tone: StatusTone;
  icon: ReactElement;
  pairs: Pair[];
}) {
  const { title, explanation, tone, icon, pairs } = props;
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
            <Typography variant="body2">
              <EntityLink entityRef={pair.source} /> →{' '}
              <EntityLink entityRef={pair.target} />
              {pair.relation ? ` (${pair.relation})` : ''}
            </Typography>
          </li>
        ))}
      </ul>
    </Grid>
  );
}

/**
 * Catalog relations compared with observed traffic.
 */
export function DependenciesList(props: {
  dependencies?: DeclaredVsObserved;
  window: string;
}) {
  const { dependencies, window } = props;
  if (!dependencies) {
    return (
      <Typography variant="body2" color="textSecondary">
        The backend did not compare catalog relations with traffic for this
        view.
      </Typography>
    );
  }
  return (
    <Grid container spacing={2}>
      <Group
        title="Declared and observed"
        explanation="In the catalog and seen in traffic."
        tone="ok"
        icon={<CheckCircleIcon />}
        pairs={dependencies.confirmed}
      />
      <Group
        title="Observed, not declared"
        explanation="Seen in traffic but missing from the catalog: add a dependsOn or consumesApi relation."
        tone="warning"
        icon={<ReportProblemIcon />}
        pairs={dependencies.undeclared}
      />
      <Group
        title="Declared, not observed"
        explanation={`In the catalog, but no traffic in the last ${window}: the relation may be stale, or the call is rare.`}
        tone="neutral"
        icon={<HelpIcon />}
        pairs={dependencies.unobserved}
      />
    </Grid>
  );
}
