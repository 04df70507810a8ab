/* eslint-disable no-console */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InputError } from '@backstage/errors';
import { SimulatedClusterOptions, startSimulator } from './simulator';

const USAGE = `Usage: k8s-sim --manifests <dir> --cluster <name>=<port>[/<tlsPort>]:<token> [--cluster ...]
               [--control-port <port>] [--host <address>] [--watch-manifests]
               [--watch-history <n>] [--bookmark-interval <seconds>]

Serves <dir>/<name>/*.yaml as a Kubernetes API server per cluster.

  --manifests <dir>          directory with one sub-directory of manifests per cluster
  --cluster name=port:token  a cluster to serve (repeatable); port 0 picks a free one;
                             name=port/tlsPort:token also serves HTTPS (self-signed) on tlsPort
  --control-port <port>      serve the fault-control API on this port
  --host <address>           address to bind (default 127.0.0.1)
  --anonymous-read           let requests without credentials read (kubectl never
                             sends a token to an http:// server); wrong tokens get 401
  --watch-manifests          re-read the manifests when a file under <dir> changes
  --watch-history <n>        change events kept per resource for resuming watches
                             (default 1000); older versions get 410 Expired
  --bookmark-interval <s>    seconds between watch BOOKMARKs (default 60)
  --help                     show this text
`;

function parsePort(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) > 65535) {
    throw new InputError(`invalid ${flag} "${value}": expected a port number`);
  }
  return Number(value);
}

function positiveInteger(
  value: string | undefined,
  flag: string,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1e7) {
    throw new InputError(
      `invalid ${flag} "${value}": expected a positive integer`,
    );
  }
  return Number(value);
}

/** Parses `name=port:token` or `name=port/tlsPort:token`. */
export function parseClusterArg(
  value: string,
  host: string,
): SimulatedClusterOptions {
  const match = /^([^=]+)=(\d+)(?:\/(\d+))?:(.+)$/.exec(value);
  if (!match) {
    // Cut the value at the first ':' so a token never reaches the message.
    throw new InputError(
      `invalid --cluster "${value.replace(
        /:.*/,
        ':…',
      )}": expected <name>=<port>[/<tlsPort>]:<token>`,
    );
  }
  return {
    name: match[1],
    port: parsePort(match[2], '--cluster port'),
    ...(match[3] ? { tlsPort: parsePort(match[3], '--cluster TLS port') } : {}),
    token: match[4],
    host,
  };
}

/**
 * Runs the simulator CLI with the given arguments until SIGINT or SIGTERM.
 */
export async function runCli(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      manifests: { type: 'string' },
      cluster: { type: 'string', multiple: true },
      'control-port': { type: 'string' },
      host: { type: 'string' },
      'anonymous-read': { type: 'boolean' },
      'watch-manifests': { type: 'boolean' },
      'watch-history': { type: 'string' },
      'bookmark-interval': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (!values.manifests || !values.cluster?.length) {
    process.stderr.write(USAGE);
    process.exitCode = 2;
    return;
  }
  const host = values.host ?? '127.0.0.1';
  const manifestsDir = path.resolve(values.manifests);
  const simulator = await startSimulator({
    manifestsDir,
    clusters: values.cluster.map(c => ({
      ...parseClusterArg(c, host),
      anonymousRead: values['anonymous-read'] ?? false,
    })),
    controlPort:
      values['control-port'] !== undefined
        ? parsePort(values['control-port'], '--control-port')
        : undefined,
    controlHost: host,
    watchManifests: values['watch-manifests'] ?? false,
    watch: {
      historyLimit: positiveInteger(values['watch-history'], '--watch-history'),
      bookmarkIntervalMs: (() => {
        const seconds = positiveInteger(
          values['bookmark-interval'],
          '--bookmark-interval',
        );
        return seconds === undefined ? undefined : seconds * 1000;
      })(),
    },
    log: message => console.error(`k8s-sim: ${message}`),
  });

  console.log(`k8s-sim: serving manifests from ${manifestsDir}`);
  for (const cluster of simulator.state()) {
    // The token is a credential: say where it came from, never print it.
    console.log(
      `k8s-sim: cluster ${cluster.name} at ${cluster.url}${
        cluster.tlsUrl ? ` and ${cluster.tlsUrl}` : ''
      } (${cluster.objects} objects, bearer token from --cluster)`,
    );
  }
  if (simulator.controlUrl) {
    console.log(`k8s-sim: fault-control API at ${simulator.controlUrl}`);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`k8s-sim: ${signal} received, stopping`);
    simulator.stop().then(
      () => process.exit(0),
      error => {
        console.error(`k8s-sim: failed to stop cleanly: ${error}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** Entry point shared by `node cli.ts` and `bin/k8s-sim`. */
export function runCliMain(): void {
  runCli(process.argv.slice(2)).catch(error => {
    console.error(`k8s-sim: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}

if (require.main === module) {
  runCliMain();
}
