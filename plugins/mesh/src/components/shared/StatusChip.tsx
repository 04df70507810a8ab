import type { ReactElement } from 'react';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles, Theme } from '@material-ui/core/styles';

/**
 * How good or bad a status is. Each tone maps to a theme palette colour,
 * and every chip also carries an icon and text, so colour is never the
 * only signal.
 * @public
 */
export type StatusTone = 'ok' | 'warning' | 'error' | 'info' | 'neutral';

function toneColour(theme: Theme, tone: StatusTone): string {
  switch (tone) {
    case 'ok':
      return theme.palette.success.main;
    case 'warning':
      return theme.palette.warning.main;
    case 'error':
      return theme.palette.error.main;
    case 'info':
      return theme.palette.info.main;
    default:
      return theme.palette.text.secondary;
  }
}

const useStyles = makeStyles<Theme, { tone: StatusTone }>(theme => ({
  chip: ({ tone }) => ({
    // Outlined with text in the tone colour: legible on light and dark
    // paper alike, since the palette's `main` shades are chosen for both.
    borderColor: toneColour(theme, tone),
    color: theme.palette.text.primary,
    margin: theme.spacing(0.25),
  }),
  icon: ({ tone }) => ({
    color: `${toneColour(theme, tone)} !important`,
  }),
}));

/**
 * Props of {@link StatusChip}.
 * @public
 */
export interface StatusChipProps {
  label: string;
  tone: StatusTone;
  icon: ReactElement;
  /** Longer explanation shown on hover and read by screen readers. */
  description?: string;
}

/**
 * A small outlined chip with an icon, a label and a tone.
 * @public
 */
export function StatusChip(props: StatusChipProps) {
  const { label, tone, icon, description } = props;
  const classes = useStyles({ tone });
  const chip = (
    <Chip
      size="small"
      variant="outlined"
      label={label}
      icon={icon}
      aria-label={description ? `${label}: ${description}` : label}
      data-tone={tone}
      classes={{ root: classes.chip, icon: classes.icon }}
    />
  );
  return description ? <Tooltip title={description}>{chip}</Tooltip> : chip;
}
