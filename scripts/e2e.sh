#!/usr/bin/env bash
# End-to-end tests: starts the demo (simulated clusters, Prometheus, Backstage),
# drives it in Debian's Chromium with playwright-core, and stops everything.
# Screenshots for the docs land in docs/screenshots/; a failing test leaves its
# screenshot and console log in test-results/.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/stack.sh"
cd "$MESH_ROOT"

mesh_setup
ensure_apt_packages chromium prometheus || fail "Chromium and Prometheus are needed for the end-to-end tests and could not be installed."

for port in 3000 7007 16440 16443 16444 19090 19091; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    fail "port $port is already in use: stop the running demo before the end-to-end tests."
  fi
done

trap stop_stack EXIT
start_demo_mesh
start_backstage
say "Running the end-to-end tests in Chromium ..."
env CI=true yarn workspace @internal/e2e e2e
