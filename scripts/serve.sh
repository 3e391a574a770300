#!/usr/bin/env bash
# Sets up, builds and serves the playground at http://127.0.0.1:8080 (PORT=... to change),
# rebuilding when the sources change. Ctrl-C stops it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"   # tools installed by scripts/setup.sh
scripts/setup.sh --no-browser
PORT="${PORT:-8080}"
echo "serve: building, then serving the playground at http://127.0.0.1:$PORT/"
. scripts/env.sh
iamp_site_build
exec trunk serve --release --offline --address 127.0.0.1 --port "$PORT" "$@"
