import Typography from '@material-ui/core/Typography';
import ScheduleIcon from '@material-ui/icons/Schedule';
import { formatAge } from './format';
import { StatusChip } from './StatusChip';

/**
 * Props of {@link DataAge}.
 * @public
 */
export interface DataAgeProps {
  /** Seconds since the data was read. */
  ageSeconds?: number;
  /** When the data was read (ISO 8601), used when `ageSeconds` is absent. */
  lastSuccess?: string;
  /** Flags the data as stale (older than the backend's threshold). */
  stale?: boolean;
  /** What the data is, e.g. a cluster name; prefixes the text. */
  subject?: string;
}

function ageOf(props: DataAgeProps): number | undefined {
  if (props.ageSeconds !== undefined) {
    return props.ageSeconds;
  }
  if (props.lastSuccess) {
    const read = Date.parse(props.lastSuccess);
    if (!Number.isNaN(read)) {
      return Math.max(0, (Date.now() - read) / 1000);
    }
  }
  return undefined;
}

/**
 * How old the data is, e.g. `platform: data 2 min old`, with a "Stale" chip
 * when the backend says it is.
 * @public
 */
export function DataAge(props: DataAgeProps) {
  const { stale, subject } = props;
  const age = ageOf(props);
  const prefix = subject ? `${subject}: ` : '';
  const text =
    age === undefined
      ? `${prefix}never read`
      : `${prefix}data read ${formatAge(age)}${age < 5 ? '' : ' ago'}`;
  return (
    <Typography variant="caption" color="textSecondary" component="span">
      {text}
      {stale && (
        <>
          {' '}
          <StatusChip
            label="Stale"
            tone="warning"
            icon={<ScheduleIcon />}
            description="The backend could not refresh this data recently; it may be out of date."
          />
        </>
      )}
    </Typography>
  );
}
