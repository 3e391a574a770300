#!/usr/bin/env bash
# Coverage-guided fuzzing of the engine (cargo-fuzz / libFuzzer, targets in fuzz/): seeds the
# corpora (fuzz/seed.mjs), builds the targets, runs each for a while, one at a time, and prints
# per target the inputs tried, inputs per second, coverage (libFuzzer's cov: edges and ft:
# features) and findings. Exits 1 on any crash, timeout (-timeout=2) or out-of-memory.
#
#   scripts/fuzz.sh [seconds-per-target] [target...]   default 60 s, every target
#   scripts/fuzz.sh 20                                  the short run of scripts/test.sh
#
# Findings are saved in fuzz/artifacts/<target>/ (crash-*, timeout-*, oom-*, and slow-unit-*
# for an input over 1 s); replay one with `fuzz/target/*/release/<target> <file>`, then add it
# to tests/fuzz_regressions.rs. cargo-fuzz passes nightly-only flags: RUSTC_BOOTSTRAP=1 lets
# the stable toolchain take them. Needs cargo-fuzz: cargo install cargo-fuzz --version =0.13.2 --locked.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$PATH:${CARGO_HOME:-$HOME/.cargo}/bin"
export RUSTC_BOOTSTRAP=1

SECONDS_PER_TARGET="${1:-60}"
shift || true
ALL_TARGETS=(api_call policy scenario import query world_edit catalogue)
TARGETS=("$@")
[ "${#TARGETS[@]}" -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")
case "$SECONDS_PER_TARGET" in
    '' | *[!0-9]*) echo "fuzz: seconds-per-target must be a whole number" >&2; exit 2 ;;
esac

command -v cargo-fuzz >/dev/null 2>&1 \
    || { echo "fuzz: cargo-fuzz is missing: cargo install cargo-fuzz --version =0.13.2 --locked" >&2; exit 1; }

node fuzz/seed.mjs
# --sanitizer none: the engine forbids unsafe code, so AddressSanitizer finds nothing more and
# costs half the speed; the release build keeps debug assertions and overflow checks. 16 codegen
# units: a shorter build for a few percent of speed.
cargo fuzz build --sanitizer none --codegen-units 16

TRIPLE="$(rustc -vV | sed -n 's/^host: //p')"
BIN="fuzz/target/$TRIPLE/release"
DATE="$(date -u +%Y-%m-%d)"
ROWS=()
TOTAL=0
FAILED=0
for t in "${TARGETS[@]}"; do
    [ -x "$BIN/$t" ] || { echo "fuzz: no target $t (have: ${ALL_TARGETS[*]})" >&2; exit 2; }
    art="fuzz/artifacts/$t"
    mkdir -p "$art" "fuzz/corpus/$t"
    log="fuzz/artifacts/$t.log"
    before="$(ls "$art" | wc -l)"
    echo "==> fuzzing $t for ${SECONDS_PER_TARGET}s"
    status=0
    "$BIN/$t" "fuzz/corpus/$t" \
        -max_total_time="$SECONDS_PER_TARGET" -timeout=2 -rss_limit_mb=1024 \
        -dict=fuzz/iam.dict -report_slow_units=1 -print_final_stats=1 \
        -artifact_prefix="$art/" >"$log" 2>&1 || status=$?
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    runs="$(stat number_of_executed_units)"
    rate="$(stat average_exec_per_sec)"
    last="$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -1 || true)"
    cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
    ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
    corp="$(sed -n 's/.* corp: \([0-9]*\).*/\1/p' <<<"$last")"
    found="$(($(ls "$art" | wc -l) - before))"
    TOTAL=$((TOTAL + ${runs:-0}))
    if [ "$status" != 0 ]; then
        FAILED=1
        echo "fuzz: $t FAILED (exit $status); the end of its log ($log):" >&2
        grep -E 'panicked|ERROR|SUMMARY|Test unit written|deadly signal|timeout|out-of-memory' "$log" | head -20 >&2 || true
    fi
    ROWS+=("$(printf '| %s | %s | %s | %s | %s | %s | %s |' "$t" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$found")")
done

echo
echo "fuzzing on $DATE, ${SECONDS_PER_TARGET}s per target (libFuzzer; cov: edges, ft: features)"
echo "| target | inputs | inputs/s | cov | ft | corpus | findings |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${ROWS[@]}"
echo "total inputs: $TOTAL"
if [ "$FAILED" != 0 ]; then
    echo "fuzz: a target crashed, timed out or ran out of memory: see fuzz/artifacts/" >&2
    exit 1
fi
