#!/usr/bin/env bash
# End-to-end tests: starts the demo (simulated clusters, Prometheus, Backstage),
# drives it in Debian's Chromium with playwright-core (service page, audit,
# explorer, faults, load), and stops everything, whatever happens.
# Screenshots for the docs land in docs/screenshots/; a failing test leaves its
# screenshot and console log in test-results/; the load figures go to
# .state/results/load.json. Exits non-zero when a test fails.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/stack.sh"
cd "$MESH_ROOT"
E2E_STARTED=$SECONDS

mesh_setup
ensure_apt_packages chromium:chromium prometheus:prometheus promtool:prometheus || fail "Chromium and Prometheus are needed for the end-to-end tests and could not be installed."

for port in 3000 7007 16440 16443 16444 19090 19091; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is already in use: stop the running demo before the end-to-end tests."
  fi
done

finish() {
  local status=$?
  trap - EXIT INT TERM
  say "Stopping the stack ..."
  stop_stack
  if [ "$status" -eq 0 ]; then
    say "End-to-end tests passed in $((SECONDS - E2E_STARTED)) s (wall time, stack start and stop included)."
  else
    printf '\033[31m[mesh] End-to-end tests failed (exit %s) after %s s; artefacts in test-results/, logs in .state/logs/\033[0m\n' \
      "$status" "$((SECONDS - E2E_STARTED))" >&2
  fi
  exit "$status"
}
trap finish EXIT
# Ctrl-C or a CI cancel: stop the stack too (the EXIT trap does it).
trap 'exit 130' INT TERM

rm -rf test-results
# The tests share the working tree with whoever edits it: no watcher restarts.
export MESH_BACKEND_WATCH=0
start_demo_mesh
start_backstage
say "Running the end-to-end tests in Chromium ..."
env CI=true yarn workspace @internal/e2e e2e
