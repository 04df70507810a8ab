import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import LaunchIcon from '@material-ui/icons/Launch';
import type { LinkOut } from '@mesh-portal/plugin-mesh-common';

/**
 * Links to Grafana, traces and Kiali for one workload, opened in a new tab.
 */
export function LinkOuts(props: { links?: LinkOut[] }) {
  const { links } = props;
  if (!links || links.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        none configured
      </Typography>
    );
  }
  return (
    <>
      {links.map(link => (
        <div key={`${link.kind}:${link.url}`}>
          <Link href={link.url} target="_blank" rel="noopener noreferrer">
            {link.title} <LaunchIcon fontSize="inherit" aria-hidden />
          </Link>
        </div>
      ))}
    </>
  );
}
