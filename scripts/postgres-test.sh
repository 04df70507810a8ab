#!/usr/bin/env bash
# Throwaway PostgreSQL 15 for the database tests (history store on a real server).
#
#   eval "$(scripts/postgres-test.sh start)"   # prints the export line on stdout
#   ... run tests ...
#   scripts/postgres-test.sh stop
#
# Sub-commands: start (default) | stop | status | env.
# The cluster lives in $MESH_PG_STATE_DIR (default .state/postgres-test under the
# repo), listens on 127.0.0.1 only, on $MESH_PG_PORT or a free port, and is owned
# by the `postgres` OS user when run as root (initdb refuses to run as root).
# Diagnostics go to stderr so stdout stays safe to eval.
set -euo pipefail
# runuser, useradd and friends live in the sbin folders, which a minimal PATH
# (CI, `env -i`) may lack.
export PATH="$PATH:/usr/sbin:/sbin"

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${MESH_PG_STATE_DIR:-$REPO_DIR/.state/postgres-test}"
DATA_DIR="$STATE_DIR/data"
PORT_FILE="$STATE_DIR/port"
PASSWORD_FILE="$STATE_DIR/password"
LOG_FILE="$STATE_DIR/postgres.log"
PG_VERSION="${MESH_PG_VERSION:-15}"
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
ENV_NAME="BACKSTAGE_TEST_DATABASE_POSTGRES${PG_VERSION}_CONNECTION_STRING"

log() { echo "postgres-test: $*" >&2; }
die() { log "error: $*"; exit 1; }

# Runs a command as the cluster owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_installed() {
  if [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ]; then
    return
  fi
  command -v apt-get >/dev/null ||
    die "PostgreSQL $PG_VERSION is missing ($PG_BIN) and apt-get is unavailable to install it"
  [ "$(id -u)" -eq 0 ] || die "PostgreSQL $PG_VERSION is missing; run as root so apt-get can install it"
  log "installing postgresql-$PG_VERSION with apt-get"
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "postgresql-$PG_VERSION" >&2; then
    apt-get update >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "postgresql-$PG_VERSION" >&2
  fi
  [ -x "$PG_BIN/initdb" ] || die "installing postgresql-$PG_VERSION did not provide $PG_BIN/initdb"
}

free_port() {
  # Ask the kernel for a free loopback port (node is always there in this repo).
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  fi
}

is_running() {
  [ -f "$DATA_DIR/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1
}

print_env() {
  local port password
  port="$(cat "$PORT_FILE")"
  password="$(cat "$PASSWORD_FILE")"
  echo "export $ENV_NAME=postgresql://postgres:$password@127.0.0.1:$port/postgres"
}

start() {
  ensure_installed
  mkdir -p "$STATE_DIR"
  if is_running; then
    log "already running on 127.0.0.1:$(cat "$PORT_FILE") (data $DATA_DIR)"
    print_env
    return
  fi
  if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
    rm -rf "$DATA_DIR"
    # A random password: trust auth would let any local user in.
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$PASSWORD_FILE"
    chmod 600 "$PASSWORD_FILE"
    local pwfile
    pwfile="$(mktemp)"
    cp "$PASSWORD_FILE" "$pwfile"
    mkdir -p "$DATA_DIR"
    if [ "$(id -u)" -eq 0 ]; then
      chown postgres "$pwfile" "$DATA_DIR" "$STATE_DIR"
    fi
    as_owner "$PG_BIN/initdb" -D "$DATA_DIR" -U postgres --pwfile="$pwfile" \
      --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >&2
    rm -f "$pwfile"
  fi
  local port="${MESH_PG_PORT:-$(free_port)}"
  echo "$port" >"$PORT_FILE"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$STATE_DIR" && touch "$LOG_FILE" && chown postgres "$LOG_FILE"
  fi
  # Settings for a disposable test server: loopback only, socket in the state
  # dir (not /var/run), no durability, enough connections for parallel suites.
  as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$STATE_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >&2 ||
    { tail -n 20 "$LOG_FILE" >&2 || true; die "PostgreSQL did not start (log: $LOG_FILE)"; }
  log "running on 127.0.0.1:$port (data $DATA_DIR, log $LOG_FILE)"
  print_env
}

stop() {
  if is_running; then
    as_owner "$PG_BIN/pg_ctl" -D "$DATA_DIR" -m fast -w stop >&2
    log "stopped"
  else
    log "not running"
  fi
  if [ "${1:-}" = "--purge" ]; then
    rm -rf "$STATE_DIR"
    log "removed $STATE_DIR"
  fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  status) if is_running; then log "running on 127.0.0.1:$(cat "$PORT_FILE")"; else log "not running"; exit 3; fi ;;
  env) is_running || die "not running; use start"; print_env ;;
  *) die "usage: $0 [start|stop [--purge]|status|env]" ;;
esac
