#!/usr/bin/env bash
# Runs every check of the project from a fresh clone: sets up what is missing,
# then type-check, lint, prettier, unit and integration tests (real simulated
# clusters, real Prometheus, SQLite and PostgreSQL), and the end-to-end tests
# in a real browser against the demo, and the adopter test (mesh installed per
# the README into an app fresh from @backstage/create-app).
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
cd "$MESH_ROOT"

started=$SECONDS
timings=()
step_no=0
step_total=11
step() {
  local title="$1"
  shift
  step_no=$((step_no + 1))
  say "[$step_no/$step_total] $title ..."
  local t0=$SECONDS
  "$@"
  timings+=("$(printf '%-28s %4ss' "$title" $((SECONDS - t0)))")
}

cleanup() {
  if [ -n "${MESH_PG_STARTED:-}" ]; then
    bash scripts/postgres-test.sh stop >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

install_everything() {
  mesh_setup
  # Real processes the integration and e2e tests run: Prometheus and promtool,
  # kubectl (the official client, against our simulator) and Chromium.
  # PostgreSQL is installed and started by scripts/postgres-test.sh.
  ensure_apt_packages prometheus:prometheus promtool:prometheus \
    kubectl:kubernetes-client chromium:chromium ||
    say "Some Debian packages are unavailable: the tests that need them say so."
}

start_postgres() {
  if [ -f scripts/postgres-test.sh ]; then
    local exports
    if exports="$(bash scripts/postgres-test.sh start)"; then
      eval "$exports"
      MESH_PG_STARTED=1
      # With a server at hand, a PostgreSQL test that cannot connect fails
      # instead of skipping.
      export MESH_REQUIRE_POSTGRES=1
    else
      say "PostgreSQL could not be started: the PostgreSQL store tests will say so."
    fi
  fi
}

step "Set up toolchain" install_everything
step "Type-check (tsc)" yarn tsc
# Uses the declarations tsc just wrote to dist-types/. Regenerate with
# `yarn build:api-reports` / `yarn build:knip-reports` and commit the result.
step "API reports up to date" yarn build:api-reports:only --ci
step "Unused dependencies (knip)" yarn build:knip-reports --ci
step "Lint (eslint)" yarn lint:all
step "Format (prettier)" yarn prettier:check
start_postgres
step "Unit + integration tests" env CI=true yarn test
step "End-to-end tests" bash scripts/e2e.sh
# The production build: two replicas on PostgreSQL, one killed under load.
step "Replica failover (production)" bash scripts/prod.sh --fresh-database \
  --config app-config.failover-test.yaml -- yarn workspace @internal/e2e failover
step "Lease failover, watch mode (production)" bash scripts/prod.sh --no-build \
  -- yarn workspace @internal/e2e failover:watch
step "Adopter test (create-app)" bash scripts/adopter-test.sh

say "All checks passed in $((SECONDS - started))s:"
printf '    %s\n' "${timings[@]}"
