import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import type { AuditQuery } from '@mesh-portal/plugin-mesh-common';
import MenuItem from '@material-ui/core/MenuItem';
import Select from '@material-ui/core/Select';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { meshApiRef } from '../../api/MeshApi';
import { CoverageHistoryChart } from './CoverageHistoryChart';
import { combineSeries, historySelection } from './historySeries';

/** Props of {@link CoverageHistoryCard}. */
export interface CoverageHistoryCardProps {
  /** The page's current backend query; the chart follows its owner, cluster or namespace. */
  query: AuditQuery;
}

const RANGES = [7, 30, 90];

/**
 * Coverage over time for the current selection, from the history the
 * backend records (`getAuditHistory`).
 */
export const CoverageHistoryCard = ({ query }: CoverageHistoryCardProps) => {
  const meshApi = useApi(meshApiRef);
  const [days, setDays] = useState(30);
  const selection = historySelection(query);
  const selectionKey = JSON.stringify(selection);
  const { value, loading, error } = useAsync(
    () =>
      meshApi.getAuditHistory({
        groupBy: selection.groupBy,
        key: selection.key,
        days,
      }),
    // selectionKey stands for `selection`, which is rebuilt every render.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [meshApi, selectionKey, days],
  );
  return (
    <InfoCard
      title="Coverage over time"
      subheader={`For ${selection.label}`}
      action={
        <Select
          value={days}
          onChange={event => setDays(Number(event.target.value))}
          inputProps={{ 'aria-label': 'History range' }}
        >
          {RANGES.map(range => (
            <MenuItem key={range} value={range}>
              Last {range} days
            </MenuItem>
          ))}
        </Select>
      }
    >
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && !loading && (
        <CoverageHistoryChart points={combineSeries(value)} />
      )}
    </InfoCard>
  );
};
