#!/usr/bin/env bash
# Sets up whatever is missing and starts the demo: two simulated Istio clusters
# with real Prometheus telemetry, and Backstage with the mesh plugins.
# Ctrl-C stops every process it started.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/stack.sh"
cd "$MESH_ROOT"

mesh_setup
ensure_apt_packages prometheus:prometheus promtool:prometheus ||
  say "Prometheus is unavailable: the demo runs without telemetry and the pages say why."

trap 'say "Stopping ..."; stop_stack; exit 0' INT TERM
start_demo_mesh
start_backstage || { stop_stack; exit 1; }

say "Ready. Open http://localhost:3000 and choose 'Enter' as guest."
say "Try: Catalog > web-frontend > Mesh, the 'Mesh audit' and 'Mesh explorer' pages in the sidebar."
say "Press Ctrl-C to stop everything."
wait
