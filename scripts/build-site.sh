#!/usr/bin/env bash
# Builds the playground into dist/ (trunk build --release --offline) with the wasm toolchain
# of scripts/env.sh, then prints the size report. Assumes scripts/setup.sh has run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"   # tools installed by scripts/setup.sh
( . scripts/env.sh && iamp_site_build && trunk build --release --offline "$@" )
scripts/size-report.sh dist
