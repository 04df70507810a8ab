import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** A titled block of the drawer. */
export function DetailSection(props: { title: string; children: ReactNode }) {
  return (
    <Box component="section" mt={2}>
      <Typography variant="overline" component="h3">
        {props.title}
      </Typography>
      {props.children}
    </Box>
  );
}
