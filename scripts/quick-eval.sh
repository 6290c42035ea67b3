#!/usr/bin/env bash
# Development loop: clean all eval pages in-process (page and extracted settings) and score them.
#   scripts/quick-eval.sh [extra score.py args]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-/tmp/bc-eval}
rm -rf "$out"; mkdir -p "$out"
swift build -c release --product boilerclean-bench >/dev/null
.build/release/boilerclean-bench --write "$out/page" --files .page.txt ${MODE_PAGE:+--mode $MODE_PAGE} ../shared/eval
.build/release/boilerclean-bench --write "$out/extracted" --files .extracted.txt ${MODE_EXTRACTED:+--mode $MODE_EXTRACTED} ../shared/eval
for s in page extracted; do
  echo "== $s"
  python3 ../shared/eval/score.py --gold ../shared/eval --pred "$out/$s" --json "$out/$s.json" --per-page "$out/$s.pages.jsonl" "$@" | tail -25
done
