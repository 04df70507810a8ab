#!/usr/bin/env bash
# The adopter test: installs mesh into a brand-new Backstage app the way an
# adopter would, and checks it in a real browser.
#
#  1. builds the three plugin packages and `yarn pack`s them (tarballs, as
#     they would be published);
#  2. creates an app with @backstage/create-app of our release line: its
#     legacy template (`--legacy`), plus the new-frontend-system app package of
#     its default template beside it as packages/app-next (one install, one
#     backend, both frontend systems);
#  3. follows ONLY README.md, "Install into an existing Backstage app" (the
#     edits are scripts/adopter/patch-app.mjs; keep the two in lockstep), and
#     configures the app with scripts/adopter/app-config.adopter.yaml: the
#     demo's two simulated clusters, their Prometheus servers and the demo
#     catalog; create-app's guest sign-in and allow-all permission policy;
#  4. starts the simulated clusters and real Prometheus (scripts/lib/stack.sh),
#     the app's backend and its legacy frontend (`yarn start`, dev mode), and
#     checks in Chromium that the Mesh tab of web-frontend, the audit page and
#     the explorer show real data; then the same with the new-system frontend.
#
# The stack uses fixed ports: run it alone, e.g.
#     flock /tmp/mesh-stack.lock bash scripts/adopter-test.sh
# or, to build and install (about 10 minutes) before waiting for the lock,
#     MESH_STACK_LOCK=/tmp/mesh-stack.lock bash scripts/adopter-test.sh
# It stops everything it started, whatever happens. Logs and screenshots go to
# .state/adopter/. MESH_ADOPTER_KEEP=1 keeps the app (about 2 GB) for a look.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/stack.sh"
cd "$MESH_ROOT"

# The create-app release of Backstage 1.55.0 (backstage.json): its templates
# write that version into the new app's backstage.json, which is checked below.
CREATE_APP_VERSION="0.9.2"
ADOPTER_STATE="$MESH_STATE/adopter"
PLUGINS=(mesh-common mesh-backend mesh)

STARTED=$SECONDS
TIMINGS=()
WORK=""
FRONTEND_PID=""
HINT=""

# Runs one phase with its output in .state/adopter/<log>.log. Under `set -e`
# a failing command ends the script; finish() then shows the log's tail and
# what to do next (HINT).
PHASE_TITLE=""
PHASE_LOG=""
phase() {
  PHASE_TITLE="$1"
  PHASE_LOG="$ADOPTER_STATE/$2.log"
  shift 2
  say "adopter: $PHASE_TITLE (log .state/adopter/$(basename "$PHASE_LOG")) ..."
  local t0=$SECONDS
  "$@" >"$PHASE_LOG" 2>&1
  TIMINGS+=("$(printf '%-44s %4ss' "$PHASE_TITLE" $((SECONDS - t0)))")
  PHASE_TITLE=""
}

finish() {
  local status=$?
  trap - EXIT INT TERM
  # Back to the terminal, should a phase's log redirection still be active.
  exec 1>&5 2>&6
  if [ "$status" -ne 0 ] && [ -n "$PHASE_TITLE" ]; then
    tail -40 "$PHASE_LOG" | sed 's/^/    /' >&2
    printf '\033[31m[mesh] adopter: "%s" failed. %s\n       Full log: %s\033[0m\n' \
      "$PHASE_TITLE" "$HINT" "${PHASE_LOG#"$MESH_ROOT"/}" >&2
  fi
  say "adopter: stopping what was started ..."
  stop_stack
  # An interrupted `yarn pack` leaves the publish-time package.json in place.
  local p
  for p in "${PLUGINS[@]}"; do
    if [ -f "plugins/$p/package.json-prepack" ]; then
      mv "plugins/$p/package.json-prepack" "plugins/$p/package.json"
    fi
  done
  if [ -n "$WORK" ] && [ "${MESH_ADOPTER_KEEP:-0}" != 1 ]; then
    rm -rf "$WORK"
  elif [ -n "$WORK" ]; then
    say "adopter: the app is kept in $WORK"
  fi
  if [ ${#TIMINGS[@]} -gt 0 ]; then
    say "adopter: phases:"
    printf '    %s\n' "${TIMINGS[@]}"
  fi
  if [ "$status" -eq 0 ]; then
    say "Adopter test passed in $((SECONDS - STARTED)) s."
  else
    printf '\033[31m[mesh] Adopter test failed (exit %s) after %s s; logs and screenshots in .state/adopter/\033[0m\n' \
      "$status" "$((SECONDS - STARTED))" >&2
  fi
  exit "$status"
}
exec 5>&1 6>&2
trap finish EXIT
trap 'exit 130' INT TERM

# --- 1. tarballs of this checkout ------------------------------------------

pack_plugins() {
  # Type declarations (dist-types) first: the builds bundle them into dist/.
  yarn tsc
  local p
  for p in "${PLUGINS[@]}"; do
    (cd "plugins/$p" && yarn build)
  done
  for p in "${PLUGINS[@]}"; do
    # `yarn pack` runs prepack/postpack (backstage-cli package prepack), which
    # point main/types/exports at dist/ and turn workspace: ranges into versions.
    (cd "plugins/$p" && yarn pack --out "$WORK/tarballs/plugin-$p.tgz")
  done
  ls -l "$WORK/tarballs"
}

# --- 2. a brand-new app ----------------------------------------------------

create_apps() {
  # The app name comes from BACKSTAGE_APP_NAME instead of create-app's prompt.
  (cd "$WORK" && BACKSTAGE_APP_NAME=mesh-adopter npx -y "@backstage/create-app@$CREATE_APP_VERSION" \
    --legacy --skip-install --path app)
  (cd "$WORK" && BACKSTAGE_APP_NAME=mesh-adopter npx -y "@backstage/create-app@$CREATE_APP_VERSION" \
    --skip-install --path next)
  # create-app pins its packages to the release with a yarn.lock seed it
  # downloads from GitHub, which is out of reach here. Without it, the
  # template's caret ranges pick up the next release's plugins, and the
  # backend does not start (plugin-signals-backend 0.3.21 calls
  # httpRouter.addWebSocketHandler, which backend-defaults 0.18.0 of 1.55
  # lacks). Pinning the backend's own @backstage dependencies to the exact
  # versions create-app wrote (its release manifest) avoids that. The
  # frontends keep create-app's ranges: pinning those splits
  # @backstage/core-app-api in two and the app does not render.
  node -e '
    const fs = require("fs");
    const f = process.argv[1];
    const pkg = JSON.parse(fs.readFileSync(f, "utf8"));
    for (const [name, range] of Object.entries(pkg.dependencies)) {
      if (name.startsWith("@backstage/") && /^\^\d/.test(range)) pkg.dependencies[name] = range.slice(1);
    }
    fs.writeFileSync(f, JSON.stringify(pkg, null, 2) + "\n");
  ' "$WORK/app/packages/backend/package.json"
  # The new-system app package joins the legacy app's workspace.
  mv "$WORK/next/packages/app" "$WORK/app/packages/app-next"
  rm -rf "$WORK/next"
  node -e '
    const fs = require("fs"); const f = process.argv[1];
    const pkg = JSON.parse(fs.readFileSync(f, "utf8"));
    pkg.name = "app-next";
    fs.writeFileSync(f, JSON.stringify(pkg, null, 2) + "\n");
  ' "$WORK/app/packages/app-next/package.json"
  local ours theirs
  ours="$(node -p 'require("./backstage.json").version.split(".").slice(0,2).join(".")')"
  theirs="$(node -p 'require(process.argv[1]).version.split(".").slice(0,2).join(".")' "$WORK/app/backstage.json")"
  echo "release line: ours $ours, new app $theirs"
  if [ "$ours" != "$theirs" ]; then
    echo "create-app $CREATE_APP_VERSION makes Backstage $theirs apps; this repository is on $ours."
    echo "Set CREATE_APP_VERSION in scripts/adopter-test.sh to the create-app release of $ours."
    return 1
  fi
}

# --- 3. the README's install steps, configuration, dependencies ------------

install_mesh() {
  local version
  version="$(node -p 'require("./plugins/mesh/package.json").version')"
  node scripts/adopter/patch-app.mjs "$WORK/app" "$WORK/tarballs" "$version"
  cp scripts/adopter/app-config.adopter.yaml "$WORK/app/app-config.local.yaml"
  # The app's own Yarn (its .yarnrc.yml yarnPath, 4.13.0 like ours) with the
  # machine's shared cache: only packages not yet cached are downloaded.
  # Install scripts are skipped (they compile native modules nothing here
  # needs, several minutes on 2 cores) except better-sqlite3's, the app's
  # database driver: its binary is taken from this checkout when the versions
  # match (same Node), else it is rebuilt.
  # A new app has no lockfile to keep: Yarn's CI default (--immutable when
  # CI is set) would refuse to write the first one.
  (cd "$WORK/app" && YARN_ENABLE_IMMUTABLE_INSTALLS=false yarn install --mode=skip-build)
  local ours theirs
  ours="$(node -p 'require("./node_modules/better-sqlite3/package.json").version')"
  theirs="$(node -p 'require(process.argv[1]).version' "$WORK/app/node_modules/better-sqlite3/package.json")"
  if [ "$ours" = "$theirs" ] && [ -f node_modules/better-sqlite3/build/Release/better_sqlite3.node ]; then
    echo "better-sqlite3 $theirs: binary taken from this checkout"
    mkdir -p "$WORK/app/node_modules/better-sqlite3/build/Release"
    cp node_modules/better-sqlite3/build/Release/better_sqlite3.node \
      "$WORK/app/node_modules/better-sqlite3/build/Release/"
  else
    echo "better-sqlite3 $theirs (ours: $ours): building it"
    (cd "$WORK/app" && yarn rebuild better-sqlite3)
  fi
  # Proof that the packages came from the tarballs, not from anywhere else.
  grep -A3 '^"@mesh-portal/' "$WORK/app/yarn.lock"
  (cd "$WORK/app" && node -e '
    for (const name of ["@mesh-portal/plugin-mesh", "@mesh-portal/plugin-mesh-backend", "@mesh-portal/plugin-mesh-common"]) {
      const pkg = require(require.resolve(name + "/package.json", { paths: ["packages/app", "packages/backend"] }));
      if (!String(pkg.main).startsWith("dist/")) throw new Error(name + ": main is " + pkg.main + ", not dist/ (packed without prepack?)");
      console.log(name, pkg.version, "main:", pkg.main);
    }')
}

# --- 4. run it and look ------------------------------------------------------

start_app_backend() {
  export MESH_ADOPTER_DEMO_CATALOG="$MESH_ROOT/packages/mesh-demo/catalog/all.yaml"
  (cd "$WORK/app/packages/backend" && exec setsid yarn start) >"$ADOPTER_STATE/backend.log" 2>&1 &
  MESH_PIDS+=($!)
  wait_for_url http://localhost:7007/.backstage/health/v1/readiness "The app's backend" 300 || {
    tail -30 "$ADOPTER_STATE/backend.log"
    return 1
  }
  echo "backend ready"
}

# Starts one of the app's frontends (dev server on :3000) with extra args.
start_app_frontend() {
  local package="$1" log="$ADOPTER_STATE/frontend-$1.log"
  shift
  (cd "$WORK/app/packages/$package" && exec setsid yarn start "$@") >"$log" 2>&1 &
  FRONTEND_PID=$!
  MESH_PIDS+=("$FRONTEND_PID")
  wait_for_url http://localhost:3000/ "The app's frontend ($package)" 400 || {
    tail -30 "$log"
    return 1
  }
  echo "frontend $package ready"
}

stop_app_frontend() {
  [ -n "$FRONTEND_PID" ] || return 0
  kill -TERM -- "-$FRONTEND_PID" 2>/dev/null || true
  local n=0
  while (exec 3<>/dev/tcp/127.0.0.1/3000) 2>/dev/null && [ $n -lt 60 ]; do
    sleep 1
    n=$((n + 1))
  done
  kill -KILL -- "-$FRONTEND_PID" 2>/dev/null || true
  FRONTEND_PID=""
}

browser_check() {
  (cd packages/e2e && node --require @backstage/cli/config/nodeTransform.cjs \
    src/adopter/checkAdopterApp.ts "$1" "$ADOPTER_STATE")
}

# ---------------------------------------------------------------------------

mesh_setup
ensure_apt_packages chromium:chromium prometheus:prometheus promtool:prometheus ||
  fail "Chromium and Prometheus are needed for the adopter test and could not be installed."
rm -rf "$ADOPTER_STATE"
mkdir -p "$ADOPTER_STATE"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/mesh-adopter.XXXXXX")"
mkdir -p "$WORK/tarballs"
say "adopter: working in $WORK"

HINT="Do the three plugins build (yarn workspace <name> build) and pack (their prepack/postpack scripts)?"
phase "Build and pack the three plugins" 1-pack pack_plugins
HINT="Is the npm registry reachable (npx @backstage/create-app@$CREATE_APP_VERSION)?"
phase "Create the app (create-app $CREATE_APP_VERSION)" 2-create create_apps
HINT="If an anchor is missing, create-app's template changed: update scripts/adopter/patch-app.mjs AND README.md's install section together. If yarn install failed, see its YN errors."
phase "Install mesh per README + yarn install" 3-install install_mesh
if [ -n "${MESH_STACK_LOCK:-}" ]; then
  say "adopter: waiting for $MESH_STACK_LOCK (another stack may be running) ..."
  exec 9>"$MESH_STACK_LOCK"
  flock 9
fi
for port in 3000 7007 16440 16443 16444 19090 19091; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is already in use: stop the running demo or e2e run first (run this script under flock /tmp/mesh-stack.lock)."
  fi
done
HINT="See .state/logs/demo-mesh.log."
phase "Start simulated clusters + Prometheus" 4-demo-mesh start_demo_mesh
HINT="The app's backend did not start: see .state/adopter/backend.log (config keys? the backend plugin's package?)."
phase "Start the app's backend (yarn start)" 5-backend start_app_backend
HINT="The legacy frontend did not compile or serve: see .state/adopter/frontend-app.log (the README's frontend snippets?)."
phase "Start the legacy frontend (yarn start)" 6-frontend-legacy start_app_frontend app
HINT="See the screenshots and browser console in .state/adopter/, and .state/adopter/backend.log."
phase "Chromium: legacy frontend system" 7-check-legacy browser_check legacy
stop_app_frontend
HINT="The new-system frontend did not compile or serve: see .state/adopter/frontend-app-next.log."
phase "Start the new-system frontend (yarn start)" 8-frontend-nfs start_app_frontend app-next \
  --config ../../app-config.yaml --config ../../app-config.local.yaml \
  --config "$MESH_ROOT/scripts/adopter/app-config.next.yaml"
HINT="See the screenshots and browser console in .state/adopter/ (feature discovery: app.packages: all?)."
phase "Chromium: new frontend system" 9-check-nfs browser_check nfs
