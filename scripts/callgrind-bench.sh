#!/bin/bash
# Instructions spent inside Cleaner.clean on every 8th eval page, counted with callgrind: a figure that,
# unlike wall time on a shared machine, repeats from run to run and can compare two builds.
#
#   scripts/callgrind-bench.sh [BENCH_BINARY] [EVERY]
#
# BENCH_BINARY defaults to .build/release/boilerclean-bench (build it with `swift build -c release`);
# EVERY defaults to 8. Pages are taken in the bench's own order (datasets, then file names, sorted).
# KEEP=FILE keeps callgrind_annotate's output, CGOUT=FILE the raw callgrind.out (for callgrind_annotate
# --inclusive=yes and the like). Needs valgrind (apt-get install valgrind). The binary is copied and stripped of debug info first:
# valgrind 3.19 cannot read the DWARF 5 that swiftc emits.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bench="${1:-$here/.build/release/boilerclean-bench}"
every="${2:-8}"
eval_dir="$here/../shared/eval"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
i=0
for dataset in $(ls "$eval_dir" | sort); do
    [ -d "$eval_dir/$dataset" ] || continue
    for page in $(ls "$eval_dir/$dataset" | grep '\.page\.txt$' | LC_ALL=C sort); do
        if [ $((i % every)) -eq 0 ]; then
            mkdir -p "$work/pages/$dataset"
            ln -s "$eval_dir/$dataset/$page" "$work/pages/$dataset/$page"
        fi
        i=$((i + 1))
    done
done
cp "$bench" "$work/bench" && strip --strip-debug "$work/bench"
valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" --toggle-collect='*Cleaner*clean*' \
    "$work/bench" --runs 1 "$work/pages" >"$work/bench.log" 2>"$work/valgrind.log"
pages=$(find -L "$work/pages" -type f | wc -l)
callgrind_annotate "$work/cg.out" >"$work/annotate.txt" 2>/dev/null
[ -n "${KEEP:-}" ] && cp "$work/annotate.txt" "$KEEP"
[ -n "${CGOUT:-}" ] && cp "$work/cg.out" "$CGOUT"
total=$(awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}' "$work/annotate.txt")
echo "$bench: $pages pages (every $every; each cleaned alone, then all as one document), $total instructions inside Cleaner.clean"
