#!/usr/bin/env bash
# Runs every test suite of iam-playground, stopping at the first failure:
# formatting, lints, the purity of the library, native tests, wasm tests
# in headless Chromium, the release build of the site with its size report, the managed-policy
# data check, and end-to-end tests of the built site in headless Chromium. Sets up what is
# missing first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"   # tools installed by scripts/setup.sh

START=$SECONDS
SUMMARY=()
step() {
    local name="$1"
    shift
    echo
    echo "==> $name"
    local t0=$SECONDS
    "$@"
    SUMMARY+=("$(printf '%-34s %4ds' "$name" $((SECONDS - t0)))")
}

purity() {
    # The engine (the library without features) must not depend on browser or CLI crates,
    # nor on anything that needs a random source.
    local tree bad
    tree="$(cargo tree --no-default-features -e normal --prefix none)"
    bad="$(printf '%s\n' "$tree" | grep -E '^(wasm-bindgen|web-sys|js-sys|clap|getrandom)[ -]' | sort -u || true)"
    if [ -n "$bad" ]; then
        echo "the library's dependency tree contains crates it must not:" >&2
        echo "$bad" >&2
        return 1
    fi
    echo "library dependencies: $(printf '%s\n' "$tree" | awk '{print $1}' | sort -u | tr '\n' ' ')"
}

wasm_tests() {
    ( . scripts/env.sh && cargo test --target wasm32-unknown-unknown --no-default-features --features managed-documents --test wasm )
}

managed_check() {
    if [ -f tools/managed-policies/package.json ] \
        && node -e 'process.exit(require("./tools/managed-policies/package.json").scripts?.check ? 0 : 1)'; then
        (cd tools/managed-policies && npm run --silent check)
    else
        echo "no managed-policies data check (tools/managed-policies has no npm \"check\" script)"
    fi
}

catalogue_check() {
    (cd tools/iam-catalogue && npm run --silent check)
}

e2e_tests() {
    rm -rf e2e/screenshots
    node --test --test-concurrency=1 e2e/tests/
}

step "set-up" scripts/setup.sh
step "cargo fmt --check" cargo fmt --all --check
step "clippy (all targets, features)" cargo clippy --all-targets --all-features -- -D warnings
step "clippy (pure library)" cargo clippy --lib --no-default-features -- -D warnings
step "purity of the library" purity
step "native tests" cargo test --all-features
step "wasm tests (headless Chromium)" wasm_tests
step "site build + size report" bash -c 'scripts/build-site.sh && scripts/size-report.sh dist --check >/dev/null'
step "managed-policies data check" managed_check
step "AWS action catalogue data check" catalogue_check
step "end-to-end tests (Chromium)" e2e_tests

echo
echo "==> summary"
printf '%s\n' "${SUMMARY[@]}"
echo "all test suites passed in $((SECONDS - START))s"
