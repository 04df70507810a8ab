import { promises as fs } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { renderCluster } from './render';
import { demoClusters } from './spec';
import { MESH_DEMO_DIR, ROOT_CERT_FILE } from '../paths';

const HEADER =
  '# Rendered from packages/mesh-demo/src/manifests/spec.ts by writeManifests.ts.\n' +
  '# Edit the spec and re-run the script rather than this file.\n';

/** Reads the committed public root certificate shared by both clusters. */
export async function readRootCert(): Promise<string> {
  return fs.readFile(ROOT_CERT_FILE, 'utf8');
}

/**
 * Renders every demo cluster into `YAML` strings, keyed by the path relative
 * to the package root (`clusters/<cluster>/<file>`).
 */
export async function renderManifestFiles(): Promise<Map<string, string>> {
  const rootCert = await readRootCert();
  const out = new Map<string, string>();
  for (const cluster of demoClusters) {
    const rendered = renderCluster(cluster, rootCert);
    for (const [file, items] of rendered.files) {
      const list = {
        apiVersion: 'v1',
        kind: 'List',
        items,
        metadata: { resourceVersion: '' },
      };
      out.set(
        path.join('clusters', cluster.name, file),
        HEADER + stringify(list, { lineWidth: 0, version: '1.1' }),
      );
    }
  }
  return out;
}

async function main() {
  const files = await renderManifestFiles();
  for (const cluster of demoClusters) {
    const dir = path.join(MESH_DEMO_DIR, 'clusters', cluster.name);
    await fs.rm(dir, { recursive: true, force: true });
    await fs.mkdir(dir, { recursive: true });
  }
  for (const [rel, text] of files) {
    await fs.writeFile(path.join(MESH_DEMO_DIR, rel), text);
  }
  process.stdout.write(
    `wrote ${files.size} manifest files; now run: yarn prettier --write packages/mesh-demo/clusters\n`,
  );
}

if (require.main === module) {
  main().catch(error => {
    process.stderr.write(`${error}\n`);
    process.exitCode = 1;
  });
}
