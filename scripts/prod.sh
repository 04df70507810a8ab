#!/usr/bin/env bash
# The demo in its production topology: builds the backend bundle and the
# frontend with backstage-cli, installs the bundle's production dependencies,
# starts a real PostgreSQL, the demo mesh (simulated clusters, Prometheus) and
# TWO backend replicas from the bundle (`node packages/backend`, as Backstage
# documents for production) on 127.0.0.1:7007 and :7008, sharing the database.
# Each replica also serves the built frontend (@backstage/plugin-app-backend).
#
#   ./scripts/prod.sh                    build, start, wait; Ctrl-C stops everything
#   ./scripts/prod.sh --no-build         reuse the last build (packages/backend/dist)
#   ./scripts/prod.sh --fresh-database  start from an empty database (removes .state/postgres-prod)
#   ./scripts/prod.sh --config FILE      one more config file on top of app-config.prod-demo.yaml
#   ./scripts/prod.sh -- CMD [ARGS]      run CMD once the stack is ready, then stop
#                                        everything and exit with CMD's status
#
# MESH_PROD_NODE_OPTIONS: Node options of the replicas (added to NODE_OPTIONS),
# default --max-semi-space-size=64 (see "Runtime options" in the README); set
# it empty to run them with Node's defaults.
#
# Replica pids: .state/prod/pids/replica-{a,b}.pid; logs: .state/logs/.
# The stack uses fixed ports; when other work shares the machine, wrap the
# call in `flock /tmp/mesh-stack.lock`.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/stack.sh"
cd "$MESH_ROOT"

PROD_DIR="$MESH_STATE/prod"
BUNDLE_DIR="$PROD_DIR/app"
PROD_PIDS="$PROD_DIR/pids"
PROD_PG_STATE="$MESH_STATE/postgres-prod"
REPLICAS=(a:7007 b:7008)
# A larger young generation: the replicas allocate a lot per request (JSON,
# tokens, headers), and Node's default 16 MiB semi-spaces made them spend
# 12 % of their CPU in the garbage collector under the load benchmark.
REPLICA_NODE_OPTIONS="${MESH_PROD_NODE_OPTIONS---max-semi-space-size=64}"
build=1
fresh_database=0
configs=("$MESH_ROOT/app-config.prod-demo.yaml")
command_to_run=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    --fresh-database) fresh_database=1 ;;
    --config)
      shift
      configs+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")")
      ;;
    --)
      shift
      command_to_run=("$@")
      break
      ;;
    *) fail "unknown option $1 (see the top of scripts/prod.sh)" ;;
  esac
  shift
done

# Runs a step, printing its title and how long it took.
timed() {
  local title="$1" t0=$SECONDS
  shift
  say "$title ..."
  "$@"
  say "$title: done in $((SECONDS - t0)) s"
}

build_bundles() {
  # The backend build bundles its workspace dependencies and builds the
  # frontend (packages/app) because the backend depends on it.
  yarn workspace backend build >"$MESH_LOGS/prod-build.log" 2>&1 ||
    { tail -30 "$MESH_LOGS/prod-build.log" >&2; fail "the build failed; see .state/logs/prod-build.log"; }
}

# Unpacks the bundle as a production image would (skeleton, then
# `yarn workspaces focus --all --production`, then the bundle). The install is
# skipped when the skeleton and the lockfile are unchanged since the last one.
install_bundle() {
  local dist="packages/backend/dist"
  [ -f "$dist/bundle.tar.gz" ] && [ -f "$dist/skeleton.tar.gz" ] ||
    fail "no backend bundle in $dist: run without --no-build"
  local stamp
  stamp="$(cat "$dist/skeleton.tar.gz" yarn.lock | sha256sum | cut -c1-16)"
  if [ "$(cat "$BUNDLE_DIR/.install-stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$BUNDLE_DIR"
    mkdir -p "$BUNDLE_DIR/.yarn/releases"
    cp package.json yarn.lock .yarnrc.yml "$BUNDLE_DIR/"
    cp .yarn/releases/*.cjs "$BUNDLE_DIR/.yarn/releases/"
    tar xzf "$dist/skeleton.tar.gz" -C "$BUNDLE_DIR"
    # Install scripts stay off: the only native module among the production
    # dependencies is better-sqlite3, which this PostgreSQL setup never loads.
    (cd "$BUNDLE_DIR" && YARN_ENABLE_SCRIPTS=0 YARN_ENABLE_IMMUTABLE_INSTALLS=0 \
      yarn workspaces focus --all --production) >"$MESH_LOGS/prod-install.log" 2>&1 ||
      { tail -30 "$MESH_LOGS/prod-install.log" >&2; fail "installing the bundle's dependencies failed; see .state/logs/prod-install.log"; }
    echo "$stamp" >"$BUNDLE_DIR/.install-stamp"
  else
    say "Production dependencies unchanged since the last install: reusing them"
  fi
  tar xzf "$dist/bundle.tar.gz" -C "$BUNDLE_DIR"
}

start_database() {
  local exports
  if [ "$fresh_database" = 1 ]; then
    MESH_PG_STATE_DIR="$PROD_PG_STATE" bash scripts/postgres-test.sh stop --purge >/dev/null 2>&1 || true
  fi
  exports="$(MESH_PG_STATE_DIR="$PROD_PG_STATE" bash scripts/postgres-test.sh start)" ||
    fail "PostgreSQL could not be started"
  eval "$exports"
  export MESH_PROD_DATABASE_URL="$BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING"
  PROD_PG_STARTED=1
}

start_replica() {
  local name="$1" port="$2" config args=()
  for config in "${configs[@]}"; do args+=(--config "$config"); done
  mkdir -p "$PROD_PIDS"
  : >"$MESH_LOGS/replica-$name.log"
  (cd "$BUNDLE_DIR" && MESH_PROD_PORT="$port" MESH_REPO="$MESH_ROOT" NODE_ENV=production \
    NODE_OPTIONS="${REPLICA_NODE_OPTIONS}${NODE_OPTIONS:+ $NODE_OPTIONS}" \
    exec setsid node packages/backend "${args[@]}") >>"$MESH_LOGS/replica-$name.log" 2>&1 &
  MESH_PIDS+=($!)
  echo $! >"$PROD_PIDS/replica-$name.pid"
}

# One after the other, as a rolling deployment would: every plugin migrates
# its database at startup, and two replicas migrating the same fresh database
# at once fail (knex's "Migration table is already locked").
start_replicas() {
  local replica
  for replica in "${REPLICAS[@]}"; do
    say "Starting replica ${replica%%:*} on 127.0.0.1:${replica#*:} (log .state/logs/replica-${replica%%:*}.log${REPLICA_NODE_OPTIONS:+; Node options: $REPLICA_NODE_OPTIONS})"
    start_replica "${replica%%:*}" "${replica#*:}"
    wait_for_url "http://127.0.0.1:${replica#*:}/.backstage/health/v1/readiness" "Replica ${replica%%:*}" 300 ||
      fail "replica ${replica%%:*} did not start; see .state/logs/replica-${replica%%:*}.log"
  done
}

PROD_PG_STARTED=
stop_everything() {
  trap - EXIT INT TERM
  say "Stopping the production stack ..."
  stop_stack
  rm -f "$PROD_PIDS"/replica-*.pid
  if [ -n "$PROD_PG_STARTED" ]; then
    MESH_PG_STATE_DIR="$PROD_PG_STATE" bash scripts/postgres-test.sh stop >/dev/null 2>&1 || true
  fi
}

STARTED=$SECONDS
mesh_setup
ensure_apt_packages prometheus:prometheus promtool:prometheus ||
  say "Prometheus is unavailable: the stack runs without telemetry and the pages say why."
for port in 7007 7008 16440 16443 16444 19090 19091; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is already in use: stop the running demo or stack first."
  fi
done
mkdir -p "$MESH_LOGS" "$PROD_DIR"

if [ "$build" = 1 ]; then
  timed "Building the backend bundle and the frontend (backstage-cli; log .state/logs/prod-build.log)" build_bundles
fi
timed "Installing the bundle's production dependencies into .state/prod/app" install_bundle

trap 'status=$?; stop_everything; exit $status' EXIT
trap 'exit 130' INT TERM
timed "Starting PostgreSQL (.state/postgres-prod)" start_database
timed "Starting the demo mesh" start_demo_mesh
timed "Starting two backend replicas from the bundle" start_replicas
timed "Checking that both replicas serve the same mesh data" \
  node scripts/lib/compare-replicas.mjs http://127.0.0.1:7007 http://127.0.0.1:7008

say "Production stack ready in $((SECONDS - STARTED)) s:"
say "  replica a: http://localhost:7007   replica b: http://localhost:7008   (choose 'Enter' as guest)"
if [ ${#command_to_run[@]} -gt 0 ]; then
  say "Running: ${command_to_run[*]}"
  # Unattended: CI=true keeps backstage-cli's test runner out of watch mode.
  CI=true "${command_to_run[@]}"
  exit $?
fi
say "Press Ctrl-C to stop everything."
wait
