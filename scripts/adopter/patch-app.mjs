#!/usr/bin/env node
/*
 * Installs mesh into an app made by @backstage/create-app, following ONLY
 * README.md, section "Install into an existing Backstage app" (keep the two in
 * lockstep: every step below is a step there). Used by scripts/adopter-test.sh.
 *
 *   node scripts/adopter/patch-app.mjs <app dir> <tarball dir> <version>
 *
 * The app must already hold, beside create-app's legacy `packages/app`, the
 * new-frontend-system app package of create-app's default template as
 * `packages/app-next` (scripts/adopter-test.sh puts it there).
 *
 * Each edit is anchored on a line of create-app's template. When an anchor is
 * missing, the template changed: this script fails with the file and the
 * anchor, and the README's install section probably needs the same update.
 */
import fs from 'node:fs';
import path from 'node:path';

const [appDir, tarballDir, version] = process.argv.slice(2);
if (!appDir || !tarballDir || !version) {
  console.error(
    'usage: patch-app.mjs <app dir> <tarball dir> <version of the packages>',
  );
  process.exit(2);
}

const PACKAGES = {
  '@mesh-portal/plugin-mesh': 'plugin-mesh.tgz',
  '@mesh-portal/plugin-mesh-backend': 'plugin-mesh-backend.tgz',
  '@mesh-portal/plugin-mesh-common': 'plugin-mesh-common.tgz',
};

function file(relative) {
  return path.join(appDir, relative);
}

function readJson(relative) {
  return JSON.parse(fs.readFileSync(file(relative), 'utf8'));
}

function writeJson(relative, value) {
  fs.writeFileSync(file(relative), `${JSON.stringify(value, null, 2)}\n`);
}

/** Inserts `text` before (or after) the first `anchor` found after `from`. */
function insertAt(relative, anchor, text, { after = false, from } = {}) {
  const source = fs.readFileSync(file(relative), 'utf8');
  const start = from ? source.indexOf(from) : 0;
  if (start < 0) {
    throw new Error(`${relative}: anchor not found: ${JSON.stringify(from)}`);
  }
  const at = source.indexOf(anchor, start);
  if (at < 0) {
    throw new Error(`${relative}: anchor not found: ${JSON.stringify(anchor)}`);
  }
  const cut = after ? at + anchor.length : at;
  fs.writeFileSync(
    file(relative),
    source.slice(0, cut) + text + source.slice(cut),
  );
  console.log(`  patched ${relative}`);
}

/** Adds `import ... from` after the file's first line that starts with `import`. */
function addImport(relative, statement) {
  insertAt(relative, 'import ', `${statement}\n`);
}

// 0. The packages come from `yarn pack` tarballs of this checkout instead of
//    the registry: the root `resolutions` send every range of each name
//    (mesh-common is a dependency of the other two) to its tarball.
const root = readJson('package.json');
root.resolutions = { ...root.resolutions };
for (const [name, tarball] of Object.entries(PACKAGES)) {
  root.resolutions[name] = `file:${path.resolve(tarballDir, tarball)}`;
}
writeJson('package.json', root);
console.log('  patched package.json (resolutions to the tarballs)');

// README step 1, `yarn --cwd packages/backend add @mesh-portal/plugin-mesh-backend`,
// and step 3, `yarn --cwd packages/app add @mesh-portal/plugin-mesh`: written
// into package.json here, so that one `yarn install` does all apps.
function addDependency(relative, name) {
  const pkg = readJson(relative);
  pkg.dependencies = { ...pkg.dependencies, [name]: `^${version}` };
  writeJson(relative, pkg);
  console.log(`  patched ${relative} (+ ${name})`);
}
addDependency(
  'packages/backend/package.json',
  '@mesh-portal/plugin-mesh-backend',
);
addDependency('packages/app/package.json', '@mesh-portal/plugin-mesh');
addDependency('packages/app-next/package.json', '@mesh-portal/plugin-mesh');

// README step 2: the backend plugin.
insertAt(
  'packages/backend/src/index.ts',
  'backend.start();',
  "// mesh: Istio service mesh views (README, install section)\nbackend.add(import('@mesh-portal/plugin-mesh-backend'));\n\n",
);

// README step 4 (legacy frontend system): card and tab on the service page.
const entityPage = 'packages/app/src/components/catalog/EntityPage.tsx';
addImport(
  entityPage,
  "import {\n  EntityMeshCard,\n  EntityMeshContent,\n  isMeshAvailable,\n} from '@mesh-portal/plugin-mesh';",
);
insertAt(
  entityPage,
  '    <Grid item md={4} xs={12}>\n      <EntityLinksCard />',
  [
    '    <EntitySwitch>',
    '      <EntitySwitch.Case if={isMeshAvailable}>',
    '        <Grid item md={6}>',
    '          <EntityMeshCard />',
    '        </Grid>',
    '      </EntitySwitch.Case>',
    '    </EntitySwitch>',
    '',
  ].join('\n'),
  { from: 'const overviewContent = (' },
);
insertAt(
  entityPage,
  '    <EntityLayout.Route path="/api" title="API">',
  [
    '    <EntityLayout.Route path="/mesh" title="Mesh" if={isMeshAvailable}>',
    '      <EntityMeshContent />',
    '    </EntityLayout.Route>',
    '',
    '',
  ].join('\n'),
  { from: 'const serviceEntityPage = (' },
);

// README step 5: the audit and explorer pages, and their sidebar entries.
const appTsx = 'packages/app/src/App.tsx';
addImport(
  appTsx,
  "import { MeshAuditPage, MeshExplorerPage } from '@mesh-portal/plugin-mesh';",
);
insertAt(
  appTsx,
  '  </FlatRoutes>',
  '    <Route path="/mesh/audit" element={<MeshAuditPage />} />\n    <Route path="/mesh/explorer" element={<MeshExplorerPage />} />\n',
);
const rootTsx = 'packages/app/src/components/Root/Root.tsx';
addImport(
  rootTsx,
  "import LockIcon from '@material-ui/icons/Lock';\nimport DeviceHubIcon from '@material-ui/icons/DeviceHub';",
);
insertAt(
  rootTsx,
  '        {/* End global nav */}',
  '        <SidebarItem icon={LockIcon} to="mesh/audit" text="Mesh audit" />\n        <SidebarItem icon={DeviceHubIcon} to="mesh/explorer" text="Mesh explorer" />\n',
);

// README step 6 (new frontend system): with feature discovery
// (`app.packages: all`, which create-app's new-system app sets), the
// dependency added above is all it takes; packages/app-next's code is
// left exactly as create-app made it.
console.log('  packages/app-next: dependency only (feature discovery)');
