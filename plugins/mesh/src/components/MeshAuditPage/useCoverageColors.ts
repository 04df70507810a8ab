import { useTheme } from '@material-ui/core/styles';
import type { CoverageSegmentKey } from './coverageShares';

/**
 * Colours of the coverage classes from the theme palette, so both the light
 * and the dark theme keep their contrast.
 */
export function useCoverageColors(): Record<CoverageSegmentKey, string> {
  const theme = useTheme();
  return {
    strict: theme.palette.success.main,
    meshedNotStrict: theme.palette.warning.main,
    outside: theme.palette.error.main,
  };
}
