# shellcheck shell=bash
# Sourced (never run) by the project's scripts before a wasm build or a wasm test:
#   ( . scripts/env.sh && trunk build --release )
# Source it in a subshell: on the Debian route it puts Debian's rustc/cargo first on PATH
# and turns on build-std, which would break native builds.
#
# Two routes (see README "Building"):
# - rustup: the active rustup toolchain has the wasm32-unknown-unknown target installed
#   (a developer's laptop). Nothing to change.
# - debian: rustup has no wasm32 standard library and cannot download one. Debian's
#   rustc-web/cargo-web (1.96, /usr/bin) build it from source (rust-web-src) with build-std,
#   linked with the rustup toolchain's rust-lld.
# Both routes: wasm tests run in headless Chromium through wasm-bindgen-test-runner and
# Debian's chromedriver; wasm artifacts go to target/wasm so native builds are not disturbed.
#
# `. scripts/env.sh --route-only` only picks the route (exports IAMP_WASM_ROUTE) and changes
# nothing else: scripts/setup.sh uses it to know what to install.

# The route: IAMP_WASM_ROUTE if set, else rustup when its wasm32 target is installed.
if [ -z "${IAMP_WASM_ROUTE:-}" ]; then
    if command -v rustup >/dev/null 2>&1 \
        && rustup target list --installed 2>/dev/null | grep -qx 'wasm32-unknown-unknown'; then
        IAMP_WASM_ROUTE=rustup
    else
        IAMP_WASM_ROUTE=debian
    fi
fi
export IAMP_WASM_ROUTE
if [ "${1:-}" = --route-only ]; then
    return 0
fi

_iamp_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [ "$IAMP_WASM_ROUTE" = debian ]; then
    export PATH="/usr/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
    export RUSTC_BOOTSTRAP=1
    export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
    if [ -z "${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER:-}" ]; then
        _iamp_lld=""
        if command -v rustup >/dev/null 2>&1; then
            _iamp_sysroot="$(rustup run stable rustc --print sysroot 2>/dev/null || true)"
            _iamp_lld="$_iamp_sysroot/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
        fi
        if [ ! -x "$_iamp_lld" ]; then
            _iamp_lld="$(ls "${RUSTUP_HOME:-$HOME/.rustup}"/toolchains/*/lib/rustlib/*/bin/rust-lld 2>/dev/null | head -n 1)"
        fi
        if [ -n "$_iamp_lld" ] && [ -x "$_iamp_lld" ]; then
            export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$_iamp_lld"
        else
            echo "env.sh: no rust-lld found (it comes with a rustup toolchain); wasm linking will fail" >&2
        fi
        unset _iamp_lld _iamp_sysroot
    fi
fi

# Release wasm without the function-name section (about a third of the raw size); panics still
# reach the console through console_error_panic_hook, with fewer symbol names.
export CARGO_PROFILE_RELEASE_STRIP="${CARGO_PROFILE_RELEASE_STRIP:-symbols}"

# The site's engine (trunk build/serve) aborts at once on a panic instead of formatting a
# message nobody reads: the library never panics on input (clippy denies it), and dropping
# the panic machinery keeps the wasm under its size budget (about 8 KB gzip). It needs std
# built from source, which only the debian route does; wasm tests keep ordinary panics so a
# failing assertion still says why.
iamp_site_build() {
    if [ "$IAMP_WASM_ROUTE" = debian ]; then
        export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
    fi
}
export CARGO_TARGET_DIR="${IAMP_WASM_TARGET_DIR:-$_iamp_root/target/wasm}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
if [ -z "${CHROMEDRIVER:-}" ] && [ -x /usr/bin/chromedriver ]; then
    export CHROMEDRIVER=/usr/bin/chromedriver
fi
export WASM_BINDGEN_TEST_WEBDRIVER_JSON="$_iamp_root/webdriver.json"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
unset _iamp_root
