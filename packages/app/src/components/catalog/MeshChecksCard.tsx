import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/core-plugin-api';
import { getCompoundEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemIcon from '@material-ui/core/ListItemIcon';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import CheckCircle from '@material-ui/icons/CheckCircle';
import ErrorIcon from '@material-ui/icons/Error';
import { useEffect, useState } from 'react';

/** The mesh checks of app-config.yaml `techInsights.factChecker.checks`. */
const MESH_CHECKS = ['meshInTheMesh', 'meshStrictMtls', 'meshNoErrorFindings'];

interface CheckResult {
  check: { id: string; name: string; description: string };
  result: boolean;
}

type State =
  | { status: 'loading' }
  | { status: 'error'; error: Error }
  | { status: 'done'; results: CheckResult[] };

/**
 * The entity's mesh checks as Tech Insights evaluates them (its scorecard
 * frontend is not installed here): one POST to the Tech Insights backend's
 * `/checks/run/:namespace/:kind/:name`. An entity without workloads has no
 * mesh facts, so no results.
 */
export function MeshChecksCard() {
  const { entity } = useEntity();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const [state, setState] = useState<State>({ status: 'loading' });
  const { namespace, kind, name } = getCompoundEntityRef(entity);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const base = await discoveryApi.getBaseUrl('tech-insights');
      const path = [namespace, kind, name].map(encodeURIComponent).join('/');
      const response = await fetchApi.fetch(`${base}/checks/run/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ checks: MESH_CHECKS }),
      });
      if (!response.ok) {
        throw new Error(`Tech Insights answered ${response.status}`);
      }
      return (await response.json()) as CheckResult[];
    })().then(
      results => !cancelled && setState({ status: 'done', results }),
      error => !cancelled && setState({ status: 'error', error }),
    );
    return () => {
      cancelled = true;
    };
  }, [discoveryApi, fetchApi, namespace, kind, name]);

  return (
    <InfoCard title="Mesh checks" subheader="Tech Insights">
      {state.status === 'loading' && <Progress />}
      {state.status === 'error' && <ResponseErrorPanel error={state.error} />}
      {state.status === 'done' && state.results.length === 0 && (
        <Typography variant="body2">
          No mesh facts yet: the entity has no workloads, or the fact retriever
          has not run.
        </Typography>
      )}
      {state.status === 'done' && state.results.length > 0 && (
        <List dense>
          {[...state.results]
            .sort(
              (a, b) =>
                MESH_CHECKS.indexOf(a.check.id) -
                MESH_CHECKS.indexOf(b.check.id),
            )
            .map(({ check, result }) => (
              <ListItem key={check.id} data-testid={`mesh-check-${check.id}`}>
                <ListItemIcon>
                  {result ? (
                    <CheckCircle
                      style={{ color: '#2e7d32' }}
                      titleAccess="passed"
                    />
                  ) : (
                    <ErrorIcon color="error" titleAccess="failed" />
                  )}
                </ListItemIcon>
                <ListItemText
                  primary={check.name}
                  secondary={result ? 'Passed' : check.description}
                />
              </ListItem>
            ))}
        </List>
      )}
    </InfoCard>
  );
}
