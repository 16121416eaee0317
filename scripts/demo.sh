#!/usr/bin/env bash
# Sets up and runs Bedside with its built-in defaults: bundled demo model packs and a demo
# clinic in a demo data folder. Opens the desktop app where the Electron runtime is
# installed, otherwise the browser host (open the address it prints).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -d node_modules ]] || bash scripts/install.sh
source scripts/node-env.sh
export BEDSIDE_DATA_DIR="${BEDSIDE_DATA_DIR:-$HOME/.local/share/bedside-demo}"
# Demo mode: the bundled demo packs are signed with the public demo key, trusted only here.
export BEDSIDE_DEMO=1
npm run --silent build -- --quiet
# The demo clinic: seeding again is a no-op (the same records are already there).
node dist/electron/cli/admin.js seed
if [[ -f node_modules/electron/path.txt ]]; then
  exec npm start
fi
echo "The Electron runtime is not installed here; starting the browser host instead."
exec node dist/electron/server/serve.js "$@"
