import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import GetAppIcon from '@material-ui/icons/GetApp';
import type {
  ReadinessAuditResponse,
  ReadinessState,
  WorkloadReadinessView,
} from '@mesh-portal/plugin-mesh-common';
import { meshApiRef } from '../../api/MeshApi';
import { callerName, REASON_TEXT, readinessLabel } from '../Readiness';
import { TelemetryStatusPanel } from '../shared/TelemetryStatusPanel';
import { readinessToCsv } from './readinessCsv';

const STATES: ReadinessState[] = [
  'ready',
  'blocked',
  'unknown',
  'strict',
  'not-meshed',
];

type Counts = Record<ReadinessState, number>;

function tally(
  workloads: WorkloadReadinessView[],
  key: (w: WorkloadReadinessView) => string,
): [string, Counts][] {
  const groups = new Map<string, Counts>();
  for (const w of workloads) {
    const k = key(w);
    let counts = groups.get(k);
    if (!counts) {
      counts = { ready: 0, blocked: 0, unknown: 0, strict: 0, 'not-meshed': 0 };
      groups.set(k, counts);
    }
    counts[w.state]++;
  }
  return [...groups.entries()].sort(
    (a, b) => b[1].ready - a[1].ready || a[0].localeCompare(b[0]),
  );
}

function CountsTable(props: {
  title: string;
  rows: [string, Counts][];
  testId: string;
}) {
  return (
    <Table size="small" aria-label={props.title} data-testid={props.testId}>
      <TableHead>
        <TableRow>
          <TableCell>{props.title}</TableCell>
          {STATES.map(state => (
            <TableCell key={state} align="right">
              {readinessLabel(state)}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.rows.map(([key, counts]) => (
          <TableRow key={key} data-testid={`${props.testId}-${key}`}>
            <TableCell>{key}</TableCell>
            {STATES.map(state => (
              <TableCell key={state} align="right">
                {counts[state]}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** Hands text to the browser as a CSV download (with a BOM for spreadsheets). */
function download(text: string, fileName: string) {
  const url = URL.createObjectURL(
    new Blob([`\ufeff${text}`], { type: 'text/csv;charset=utf-8' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function Blocked(props: { workloads: WorkloadReadinessView[] }) {
  const blocked = props.workloads.filter(w => w.state === 'blocked');
  if (blocked.length === 0) return null;
  return (
    <Table
      size="small"
      aria-label="What blocks the rest"
      data-testid="readiness-blocked"
    >
      <TableHead>
        <TableRow>
          <TableCell>Blocked workload</TableCell>
          <TableCell>Owner</TableCell>
          <TableCell>Plaintext callers (why)</TableCell>
          <TableCell>First thing to do</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {blocked.map(w => (
          <TableRow
            key={w.workloadId}
            data-testid={`readiness-blocked-${w.workloadId}`}
          >
            <TableCell>
              {w.cluster}/{w.namespace}/{w.name}
            </TableCell>
            <TableCell>{w.owner ?? 'unowned'}</TableCell>
            <TableCell>
              {w.blockers
                .map(b => `${callerName(b)} (${REASON_TEXT[b.reason]})`)
                .join('; ')}
            </TableCell>
            <TableCell>{w.blockers[0]?.action}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Summary(props: { value: ReadinessAuditResponse }) {
  const { workloads, window, sources } = props.value;
  const count = (state: ReadinessState) =>
    workloads.filter(w => w.state === state).length;
  return (
    <Grid container spacing={2}>
      {sources.some(s => !s.ok) && (
        <Grid item xs={12}>
          <TelemetryStatusPanel sources={sources} />
        </Grid>
      )}
      <Grid item xs={12}>
        <Typography variant="h6" data-testid="readiness-headline">
          {count('ready')} of {workloads.length} workloads could go STRICT
          today; {count('blocked')} blocked, {count('unknown')} without traffic
          in the last {window}, {count('strict')} already STRICT.
        </Typography>
      </Grid>
      <Grid item xs={12} md={6}>
        <CountsTable
          title="Team"
          rows={tally(workloads, w => w.owner ?? 'unowned')}
          testId="readiness-by-owner"
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <CountsTable
          title="Namespace"
          rows={tally(workloads, w => `${w.cluster}/${w.namespace}`)}
          testId="readiness-by-namespace"
        />
      </Grid>
      <Grid item xs={12}>
        <Blocked workloads={workloads} />
      </Grid>
    </Grid>
  );
}

/**
 * "Ready to tighten", for team leads: how many workloads could go STRICT
 * today, by team and namespace, what blocks the rest, as CSV too. Loaded on
 * demand: it reads a long window of telemetry.
 */
export function ReadyToTightenCard() {
  const meshApi = useApi(meshApiRef);
  const [state, setState] = useState<{
    loading: boolean;
    value?: ReadinessAuditResponse;
    error?: Error;
  }>({ loading: false });
  const load = async () => {
    setState({ loading: true });
    try {
      setState({ loading: false, value: await meshApi.getReadinessAudit() });
    } catch (error) {
      setState({ loading: false, error: error as Error });
    }
  };
  const { value } = state;
  return (
    <InfoCard
      title="Ready to tighten"
      subheader="Which PERMISSIVE workloads could go STRICT today, from the plaintext observed"
    >
      <Box display="flex" mb={2} style={{ gap: 8 }}>
        <Button
          variant="outlined"
          color="primary"
          onClick={load}
          disabled={state.loading}
        >
          {value ? 'Reload' : 'Show ready to tighten'}
        </Button>
        {value && (
          <Button
            variant="outlined"
            color="primary"
            startIcon={<GetAppIcon />}
            onClick={() =>
              download(
                readinessToCsv(value.workloads),
                `mesh-ready-to-tighten-${new Date()
                  .toISOString()
                  .slice(0, 10)}.csv`,
              )
            }
          >
            Export readiness CSV
          </Button>
        )}
      </Box>
      {state.loading && <Progress />}
      {state.error && <ResponseErrorPanel error={state.error} />}
      {value && <Summary value={value} />}
    </InfoCard>
  );
}
