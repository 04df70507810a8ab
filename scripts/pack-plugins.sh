#!/usr/bin/env bash
# Builds the three publishable plugin packages, packs them with `yarn pack`
# (prepack/postpack turn the workspace package.json into the published one)
# and checks each tarball as an adopter's app would see it:
#   - every entry point (main, module, types, exports, typesVersions) and the
#     config schema named in package.json is a file inside the tarball;
#   - no `workspace:` range and no `src/` path is left in package.json;
#   - the backend and common packages load with `require` from the unpacked
#     tarball, and the frontend's ESM entry points import, each exposing what
#     the README installs.
#
#   scripts/pack-plugins.sh [out-dir]    # default .state/pack; prints the tarball paths
#
# Set MESH_PACK_SKIP_BUILD=1 when `yarn tsc` and the package builds are fresh.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
cd "$MESH_ROOT"
ensure_node
ensure_yarn

out="$(mkdir -p "${1:-$MESH_STATE/pack}" && cd "${1:-$MESH_STATE/pack}" && pwd)"
packages=(mesh-common mesh-backend mesh)

if [ -z "${MESH_PACK_SKIP_BUILD:-}" ]; then
  say "Type declarations (yarn tsc) ..."
  yarn tsc
  for p in "${packages[@]}"; do
    say "Building plugins/$p ..."
    (cd "plugins/$p" && yarn build >/dev/null)
  done
fi

for p in "${packages[@]}"; do
  (cd "plugins/$p" && yarn pack --out "$out/$p.tgz" >/dev/null)
done

# Unpacked where Node resolves the repository's node_modules for their
# dependencies, as an app's node_modules would.
check_root="$MESH_STATE/pack-check"
rm -rf "$check_root"
for p in "${packages[@]}"; do
  name="$(tar xzf "$out/$p.tgz" -O package/package.json | node -p 'JSON.parse(require("fs").readFileSync(0)).name')"
  mkdir -p "$check_root/node_modules/$name"
  tar xzf "$out/$p.tgz" -C "$check_root/node_modules/$name" --strip-components=1
  tar tzf "$out/$p.tgz" | sed 's#^package/##' >"$check_root/$p.files"
done

node - "$check_root" "${packages[@]}" <<'EOF'
const fs = require('fs');
const path = require('path');
const [root, ...packages] = process.argv.slice(2);
const problems = [];
for (const p of packages) {
  const files = new Set(fs.readFileSync(path.join(root, `${p}.files`), 'utf8').split('\n').filter(Boolean));
  const dir = path.join(root, 'node_modules', '@mesh-portal', `plugin-${p}`);
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const targets = [];
  const collect = value => {
    if (typeof value === 'string') targets.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect([pkg.main, pkg.module, pkg.types, pkg.configSchema]);
  collect(pkg.exports);
  collect(pkg.typesVersions);
  for (const target of targets.filter(t => t && !t.startsWith('@backstage/'))) {
    const file = path.posix.normalize(target).replace(/^\.\//, '');
    if (!files.has(file)) problems.push(`${pkg.name}: ${target} is not in the tarball`);
    if (file.startsWith('src/')) problems.push(`${pkg.name}: ${target} points into src/`);
  }
  for (const [dep, range] of Object.entries({ ...pkg.dependencies, ...pkg.peerDependencies })) {
    if (String(range).startsWith('workspace:')) problems.push(`${pkg.name}: ${dep}@${range} left in dependencies`);
  }
  if (pkg.private) problems.push(`${pkg.name}: still private`);
  console.log(`${pkg.name}@${pkg.version}: ${files.size} files, entry points ${targets.filter(Boolean).length} checked`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
EOF

# Load what the README installs, from the unpacked tarballs.
(cd "$check_root" && node -e '
  const common = require("@mesh-portal/plugin-mesh-common");
  if (!Array.isArray(common.meshPermissions) || common.meshPermissions.length !== 2)
    throw new Error("plugin-mesh-common: meshPermissions missing");
  const backend = require("@mesh-portal/plugin-mesh-backend");
  if (backend.default?.$$type !== "@backstage/BackendFeature")
    throw new Error("plugin-mesh-backend: the default export is not a backend feature");
  console.log("require: plugin-mesh-common, plugin-mesh-backend (default export is a BackendFeature)");
')
# The frontend's ESM uses bundler-style imports (as every Backstage frontend
# package does), so it is checked the way an app consumes it: bundled.
cat >"$check_root/frontend-entry.mjs" <<'JS'
// Named imports: esbuild fails on a name the package does not export.
export {
  EntityMeshCard, EntityMeshContent, MeshAuditPage, MeshExplorerPage, isMeshAvailable, meshPlugin,
} from '@mesh-portal/plugin-mesh';
export { default as meshAlphaPlugin } from '@mesh-portal/plugin-mesh/alpha';
JS
"$MESH_ROOT/node_modules/.bin/esbuild" "$check_root/frontend-entry.mjs" --bundle \
  --format=esm --platform=browser --outfile="$check_root/frontend-bundle.mjs" \
  --define:process.env.NODE_ENV='"production"' --define:global=window \
  --loader:.svg=dataurl --loader:.png=dataurl --log-level=error
echo "bundle: plugin-mesh and plugin-mesh/alpha from the tarball ($(du -k "$check_root/frontend-bundle.mjs" | cut -f1) KiB)"

say "Tarballs:"
for p in "${packages[@]}"; do echo "$out/$p.tgz"; done
