# shellcheck shell=bash
# Starts and stops the demo stack: the demo mesh (simulated clusters, telemetry,
# Prometheus) and Backstage (backend + frontend dev server). Sourced after env.sh.

MESH_LOGS="$MESH_STATE/logs"
MESH_PIDS=()

wait_for_url() {
  local url="$1" what="$2" timeout="${3:-240}" t0=$SECONDS
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if [ $((SECONDS - t0)) -ge "$timeout" ]; then
      say "$what did not answer at $url within ${timeout}s; see $MESH_LOGS/"
      return 1
    fi
    sleep 2
  done
}

start_demo_mesh() {
  mkdir -p "$MESH_LOGS"
  rm -f "$MESH_STATE/demo.json"
  # Pid files of processes a previous run restarted (see stop_stack) are stale now.
  rm -f "$MESH_STATE"/pids/prometheus-*.pid
  say "Starting the demo mesh (2 simulated clusters, telemetry, Prometheus); log: .state/logs/demo-mesh.log"
  setsid node --require @backstage/cli/config/nodeTransform.cjs \
    packages/mesh-demo/src/cli.ts up >"$MESH_LOGS/demo-mesh.log" 2>&1 &
  MESH_PIDS+=($!)
  local t0=$SECONDS
  until [ -f "$MESH_STATE/demo.json" ]; do
    if ! kill -0 "${MESH_PIDS[-1]}" 2>/dev/null; then
      tail -20 "$MESH_LOGS/demo-mesh.log" >&2
      fail "the demo mesh stopped while starting; see .state/logs/demo-mesh.log"
    fi
    if [ $((SECONDS - t0)) -ge 180 ]; then
      fail "the demo mesh did not become ready within 180s; see .state/logs/demo-mesh.log"
    fi
    sleep 1
  done
  grep -E '^\[' "$MESH_LOGS/demo-mesh.log" | sed 's/^/    /' || true
}

# The backend and the frontend run as separate processes so that the fault
# tests can restart the backend alone (its pid is in .state/pids/backend.pid).
# MESH_BACKEND_WATCH=0 runs the backend without the dev runner's file watcher
# (scripts/e2e.sh sets it: an edit in the working tree must not restart the
# backend under the tests); the demo keeps the watcher.
start_backend() {
  mkdir -p "$MESH_STATE/pids"
  if [ "${MESH_BACKEND_WATCH:-1}" = 0 ]; then
    (cd packages/backend && NODE_ENV=development exec setsid node \
      --require @backstage/cli/config/nodeTransform.cjs src/index.ts \
      --config ../../app-config.yaml) >>"$MESH_LOGS/backend.log" 2>&1 &
  else
    setsid yarn workspace backend start >>"$MESH_LOGS/backend.log" 2>&1 &
  fi
  MESH_PIDS+=($!)
  echo $! >"$MESH_STATE/pids/backend.pid"
}

start_backstage() {
  say "Starting Backstage: backend :7007 (log .state/logs/backend.log), frontend :3000 (log .state/logs/frontend.log)"
  : >"$MESH_LOGS/backend.log"
  start_backend
  setsid yarn workspace app start >"$MESH_LOGS/frontend.log" 2>&1 &
  MESH_PIDS+=($!)
  say "Waiting for the backend to be ready ..."
  wait_for_url http://localhost:7007/.backstage/health/v1/readiness "The backend" 300 || return 1
  say "Waiting for the frontend (the first start compiles it: about a minute) ..."
  wait_for_url http://localhost:3000/ "The frontend" 300 || return 1
}

stop_stack() {
  local pid file
  # The backend may have been restarted by a fault test: stop the current one too.
  if [ -f "$MESH_STATE/pids/backend.pid" ]; then
    MESH_PIDS+=("$(cat "$MESH_STATE/pids/backend.pid")")
  fi
  # So may a Prometheus (packages/e2e restarts it in a process group of its own
  # and records it as .state/pids/prometheus-<cluster>.pid).
  for file in "$MESH_STATE"/pids/prometheus-*.pid; do
    [ -f "$file" ] || continue
    MESH_PIDS+=("$(cat "$file")")
    rm -f "$file"
  done
  for pid in "${MESH_PIDS[@]}"; do
    # Each was started with setsid, so its process group holds all its children.
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${MESH_PIDS[@]}"; do
    local n=0
    while kill -0 "$pid" 2>/dev/null && [ $n -lt 20 ]; do
      sleep 0.5
      n=$((n + 1))
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
  MESH_PIDS=()
}
