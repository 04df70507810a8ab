#!/usr/bin/env bash
# Shows that both plugins' dev entry points start, as a plugin developer runs
# them, and stops everything it started:
#   1. the demo mesh (simulated clusters, Prometheus), then `yarn start` in
#      plugins/mesh-backend (dev/index.ts: the backend plugin alone); waits
#      until /api/mesh/clusters reports both simulated clusters reachable;
#   2. `yarn start` in plugins/mesh (dev/index.tsx: createDevApp on fixture
#      data); waits for the dev server's page and checks its bundle holds the
#      card, the tab and both pages.
# Uses the demo's fixed ports (3000, 7007, the simulator's), so run it alone:
#   flock /tmp/mesh-stack.lock bash scripts/check-dev-entry-points.sh
# It takes a few minutes (the frontend's first compile dominates), so
# scripts/test.sh does not run it.
set -euo pipefail
source "$(dirname "$0")/lib/env.sh"
source "$(dirname "$0")/lib/stack.sh"
cd "$MESH_ROOT"
ensure_node
ensure_yarn

trap 'stop_stack' EXIT
mkdir -p "$MESH_LOGS"
started=$SECONDS

start_demo_mesh

say "yarn start in plugins/mesh-backend (log .state/logs/dev-backend.log) ..."
(cd plugins/mesh-backend && exec setsid yarn start) >"$MESH_LOGS/dev-backend.log" 2>&1 &
MESH_PIDS+=($!)
wait_for_url http://localhost:7007/api/mesh/health "The backend plugin's dev entry point" 300
t0=$SECONDS
until curl -fsS http://localhost:7007/api/mesh/clusters 2>/dev/null |
  node -e '
    let body;
    try { body = JSON.parse(require("fs").readFileSync(0, "utf8")); } catch { process.exit(1); }
    const reachable = body.clusters.filter(c => c.ok).map(c => c.name).sort();
    if (reachable.join() !== "compute,platform") process.exit(1);
    console.log(`    /api/mesh/clusters: ${reachable.join(", ")} read`);
  '; do
  if [ $((SECONDS - t0)) -ge 180 ]; then
    fail "the dev backend did not read both simulated clusters within 180s; see .state/logs/dev-backend.log"
  fi
  sleep 3
done
say "Backend dev entry point: up and reading the simulator after $((SECONDS - started))s."
stop_stack

t1=$SECONDS
say "yarn start in plugins/mesh (log .state/logs/dev-frontend.log) ..."
(cd plugins/mesh && exec setsid yarn start) >"$MESH_LOGS/dev-frontend.log" 2>&1 &
MESH_PIDS+=($!)
wait_for_url http://localhost:3000/ "The frontend plugin's dev entry point" 600
html="$(curl -fsS http://localhost:3000/mesh-tab)"
scripts="$(grep -oE 'src="[^"]+\.js"' <<<"$html" | sed -E 's/^src="//; s/"$//')"
[ -n "$scripts" ] || fail "the dev app's page references no script"
bundle="$(for s in $scripts; do curl -fsS "http://localhost:3000/${s#/}"; done)"
for title in 'Mesh card' 'Mesh tab' 'Mesh audit' 'Mesh explorer' EntityMeshContent; do
  grep -q "$title" <<<"$bundle" || fail "the dev app's bundle lacks '$title'"
done
say "Frontend dev entry point: served with the card, tab and pages after $((SECONDS - t1))s."
say "Both dev entry points started in $((SECONDS - started))s."
