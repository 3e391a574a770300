#!/usr/bin/env bash
# Reports the size of the built site: each wasm, JS and CSS file in dist/, raw and gzip -9,
# with totals against the budgets (wasm under 400 KB gzip; all JS and CSS under 250 KB gzip),
# and the AWS action catalogue asset (site/iam-catalogue-*.txt.gz, shipped gzip-compressed and
# loaded after the first decision) against its own budget (250 KB as shipped), and the AWS
# managed policy documents (site/managed-policies-*.json, fetched beside the wasm; no budget of
# its own: it was part of the wasm before).
#
#   scripts/size-report.sh [DIST] [--check]    --check: exit 1 when a budget is exceeded
set -euo pipefail

DIST=dist
CHECK=0
for arg in "$@"; do
    case "$arg" in
        --check) CHECK=1 ;;
        *) DIST="$arg" ;;
    esac
done
WASM_BUDGET=${WASM_GZIP_BUDGET:-400000}
JSCSS_BUDGET=${JSCSS_GZIP_BUDGET:-250000}
CATALOGUE_BUDGET=${CATALOGUE_GZIP_BUDGET:-250000}

[ -d "$DIST" ] || { echo "size-report: no $DIST/ (build the site first)" >&2; exit 1; }

wasm_raw=0 wasm_gz=0 js_raw=0 js_gz=0 css_raw=0 css_gz=0
printf '%-58s %10s %10s\n' "file" "raw B" "gzip B"
while IFS= read -r -d '' f; do
    raw=$(stat -c %s "$f")
    gz=$(gzip -9 -c "$f" | wc -c)
    printf '%-58s %10d %10d\n' "${f#"$DIST"/}" "$raw" "$gz"
    case "$f" in
        *.wasm) wasm_raw=$((wasm_raw + raw)); wasm_gz=$((wasm_gz + gz)) ;;
        *.css) css_raw=$((css_raw + raw)); css_gz=$((css_gz + gz)) ;;
        *) js_raw=$((js_raw + raw)); js_gz=$((js_gz + gz)) ;;
    esac
done < <(find "$DIST" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.mjs' -o -name '*.css' \) -print0 | sort -z)

kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }
echo
printf '%-58s %10d %10d  (%s gzip; budget %s)\n' "TOTAL wasm" "$wasm_raw" "$wasm_gz" "$(kb "$wasm_gz")" "$(kb "$WASM_BUDGET")"
printf '%-58s %10d %10d\n' "TOTAL JS" "$js_raw" "$js_gz"
printf '%-58s %10d %10d\n' "TOTAL CSS" "$css_raw" "$css_gz"
jscss_gz=$((js_gz + css_gz))
printf '%-58s %10d %10d  (%s gzip; budget %s)\n' "TOTAL JS+CSS" "$((js_raw + css_raw))" "$jscss_gz" "$(kb "$jscss_gz")" "$(kb "$JSCSS_BUDGET")"

# The catalogue: exactly one asset, its size as shipped (gzip) and decompressed.
catalogue_gz=0
mapfile -t catalogues < <(find "$DIST" -type f -name 'iam-catalogue-*.txt.gz' | sort)
if [ "${#catalogues[@]}" -eq 1 ]; then
    f="${catalogues[0]}"
    catalogue_gz=$(stat -c %s "$f")
    catalogue_raw=$(gzip -dc "$f" | wc -c)
    echo
    printf '%-58s %10d %10d  (%s gzip; budget %s)\n' "AWS catalogue ${f#"$DIST"/}" "$catalogue_raw" "$catalogue_gz" "$(kb "$catalogue_gz")" "$(kb "$CATALOGUE_BUDGET")"
else
    echo "size-report: expected one AWS catalogue asset (iam-catalogue-*.txt.gz) in $DIST/, found ${#catalogues[@]}" >&2
    catalogue_gz=-1
fi

# The AWS managed policy documents: fetched while the engine starts.
for f in $(find "$DIST" -type f -name 'managed-policies-*.json' | sort); do
    raw=$(stat -c %s "$f")
    gz=$(gzip -9c "$f" | wc -c)
    printf '%-58s %10d %10d  (%s gzip, loaded with the engine)\n' "AWS managed policies ${f#"$DIST"/}" "$raw" "$gz" "$(kb "$gz")"
done

if [ "$CHECK" = 1 ]; then
    over=0
    if [ "$catalogue_gz" -lt 0 ]; then over=1; fi
    if [ "$catalogue_gz" -gt "$CATALOGUE_BUDGET" ]; then echo "size-report: the AWS catalogue is over budget" >&2; over=1; fi
    if [ "$wasm_gz" -gt "$WASM_BUDGET" ]; then echo "size-report: wasm is over budget" >&2; over=1; fi
    if [ "$jscss_gz" -gt "$JSCSS_BUDGET" ]; then echo "size-report: JS+CSS is over budget" >&2; over=1; fi
    exit "$over"
fi
