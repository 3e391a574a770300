#!/usr/bin/env bash
# Installs what building and testing iam-playground needs, and only what is missing, so a
# second run takes seconds. Called by scripts/serve.sh and scripts/test.sh; safe to run alone.
#
#   scripts/setup.sh               everything (toolchain, tools, browsers, npm packages)
#   scripts/setup.sh --no-browser  skip Chromium, chromedriver and the e2e packages (serving only)
#
# The wasm toolchain has two routes (scripts/env.sh): the rustup wasm32 target when it is
# installed, else Debian's rustc-web/cargo-web/rust-web-src (wasm32 std built from source).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

WANT_BROWSER=1
for arg in "$@"; do
    case "$arg" in
        --no-browser) WANT_BROWSER=0 ;;
        -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "setup: unknown option $arg" >&2; exit 2 ;;
    esac
done

TRUNK_VERSION=0.21.14
CARGO_BIN="${CARGO_HOME:-$HOME/.cargo}/bin"
export PATH="$PATH:$CARGO_BIN"

log() { echo "setup: $*"; }
die() { echo "setup: error: $*" >&2; exit 1; }

command -v cargo >/dev/null 2>&1 || die "no cargo on PATH: install Rust with rustup (https://rustup.rs) first"

# --- which wasm route -------------------------------------------------------------------
. scripts/env.sh --route-only
log "wasm toolchain route: $IAMP_WASM_ROUTE"

# --- Debian packages --------------------------------------------------------------------
apt_want=()
if [ "$IAMP_WASM_ROUTE" = debian ]; then
    apt_want+=(rustc-web cargo-web rust-web-src)
fi
if [ "$WANT_BROWSER" = 1 ]; then
    apt_want+=(chromium chromium-driver)
fi
command -v node >/dev/null 2>&1 || apt_want+=(nodejs)
command -v npm >/dev/null 2>&1 || apt_want+=(npm)

apt_missing=()
if command -v dpkg-query >/dev/null 2>&1; then
    for pkg in "${apt_want[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            apt_missing+=("$pkg")
        fi
    done
else
    # Not Debian: check for the programs themselves and say what is missing.
    [ "$IAMP_WASM_ROUTE" = debian ] \
        && die "the rustup wasm32-unknown-unknown target is not installed: run \`rustup target add wasm32-unknown-unknown\`"
    if [ "$WANT_BROWSER" = 1 ] && ! command -v chromedriver >/dev/null 2>&1; then
        die "Chromium and chromedriver are needed for the browser tests: install them and set CHROMIUM and CHROMEDRIVER"
    fi
fi

if [ "${#apt_missing[@]}" -gt 0 ]; then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install: ${apt_missing[*]}"
        SUDO=sudo
    fi
    log "installing Debian packages: ${apt_missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_missing[@]}" >/dev/null
else
    log "Debian packages: all present"
fi

# --- native Rust components -------------------------------------------------------------
for comp in rustfmt clippy; do
    if ! cargo "${comp/rustfmt/fmt}" --version >/dev/null 2>&1; then
        if command -v rustup >/dev/null 2>&1; then
            log "adding rustup component $comp"
            rustup component add "$comp"
        else
            die "cargo $comp is missing"
        fi
    fi
done

# --- cargo-installed tools --------------------------------------------------------------
# Installed tools are built without LTO and with many codegen units (their own release
# profiles ask for fat LTO and one codegen unit): much less build time on 2 cores, and neither
# tool's speed matters here. Both share one target directory, so crates they have in common
# are compiled once; it is removed afterwards.
INSTALL_TARGET="${TMPDIR:-/tmp}/iam-playground-cargo-install"
cargo_install() {
    CARGO_PROFILE_RELEASE_LTO=false \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=2 \
    CARGO_PROFILE_RELEASE_DEBUG=false \
    CARGO_PROFILE_RELEASE_INCREMENTAL=false \
        cargo install --quiet --target-dir "$INSTALL_TARGET" "$@"
}

WB_VERSION="$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)"
[ -n "$WB_VERSION" ] || die "cannot read the wasm-bindgen version from Cargo.lock"
have_wb="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
have_wbtr="$(wasm-bindgen-test-runner --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_wb" != "$WB_VERSION" ] || [ "$have_wbtr" != "$WB_VERSION" ]; then
    log "installing wasm-bindgen-cli $WB_VERSION (found: ${have_wb:-none}); this compiles for several minutes"
    # Not --locked: its lockfile pins a crate version the registry no longer has.
    cargo_install wasm-bindgen-cli --version "=$WB_VERSION"
else
    log "wasm-bindgen-cli $WB_VERSION: present"
fi

have_trunk="$(trunk --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_trunk" != "$TRUNK_VERSION" ]; then
    log "installing trunk $TRUNK_VERSION (found: ${have_trunk:-none}); this compiles for several minutes"
    # 0.22 needs a newer rustc than either toolchain here.
    cargo_install trunk --version "=$TRUNK_VERSION" --locked
else
    log "trunk $TRUNK_VERSION: present"
fi

rm -rf "$INSTALL_TARGET"

# --- npm packages -----------------------------------------------------------------------
npm_dirs=(www tools/managed-policies tools/iam-catalogue)
[ "$WANT_BROWSER" = 1 ] && npm_dirs+=(e2e)
for dir in "${npm_dirs[@]}"; do
    [ -f "$dir/package.json" ] || continue
    if [ -f "$dir/package-lock.json" ]; then
        stamp="$(cat "$dir/package.json" "$dir/package-lock.json" | sha256sum | cut -d' ' -f1)"
        if [ -d "$dir/node_modules" ] && [ "$(cat "$dir/node_modules/.iamp-setup-stamp" 2>/dev/null)" = "$stamp" ]; then
            log "npm packages in $dir: present"
            continue
        fi
        log "npm ci in $dir"
        (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
        echo "$stamp" > "$dir/node_modules/.iamp-setup-stamp"
    else
        log "npm install in $dir (no package-lock.json)"
        (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
    fi
done

# --- crates, for offline builds ---------------------------------------------------------
# The wasm fetch also brings the standard library's own dependencies on the Debian route.
cargo fetch --quiet
( . scripts/env.sh && cargo fetch --quiet )
log "done"
