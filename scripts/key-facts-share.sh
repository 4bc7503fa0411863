#!/usr/bin/env bash
# The key-facts stage's share of extraction time, sampled with perf, for one or more builds
# taken in turn: an A/B comparison that the machine's drift does not bias.
#
#   scripts/key-facts-share.sh [--rounds N] [--runs N] [--corpus DIR] [BENCH_BINARY...]
#
# Each round runs every binary once as `BIN --bench --runs N --corpus DIR` under
# `perf record -g`, and counts the samples taken inside the bench's `extract_page` and, of
# those, inside `sift::facts::key_facts`. It prints key facts ÷ the rest of extraction, per
# round and as a mean per binary (± one sampling standard error). The default corpus is the
# 31 pages ranked 50–80 by HTML size in ../shared/corpus/readability (the median pages).
# Without binaries it builds the speed bench of this checkout with frame pointers (in
# target/frame-pointers) and measures that. Needs perf and python3.
#
# Why: `cargo bench --bench speed -- --key-facts-cost` times whole extractions with and
# without the stage, and its rounds spread over about two points; the samples here separate
# builds that differ by half a point when run for three rounds or more.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=3 runs=30 corpus=""
bins=()
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --corpus) corpus="$2"; shift 2 ;;
    *) bins+=("$1"); shift ;;
  esac
done
command -v perf >/dev/null || { echo "key-facts-share: perf is not installed" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -z "$corpus" ]; then
  corpus="$work/median"
  mkdir -p "$corpus"
  # Ranks 50–80 by the size of source.html, smallest first, as links.
  ls -Sr ../shared/corpus/readability/*/source.html | sed -n 50,80p \
    | while read -r page; do
        dir=$(dirname "$page")
        ln -s "$(cd "$dir" && pwd)" "$corpus/$(basename "$dir")"
      done
fi
if [ ${#bins[@]} -eq 0 ]; then
  bins+=("$(RUSTFLAGS="-C force-frame-pointers=yes" CARGO_TARGET_DIR=target/frame-pointers \
    cargo bench --bench speed --no-run --message-format=json 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "speed" and m.get("executable"):
        print(m["executable"])' | tail -1)")
fi
share() {
  perf record -q -e cpu-clock -F 4000 -g -o "$work/perf.data" "$1" --bench --runs "$runs" \
    --corpus "$corpus" >/dev/null 2>&1
  perf script -i "$work/perf.data" -F ip,sym 2>/dev/null | python3 -c '
import sys
extract = facts = 0
stack = []
def sample():
    global extract, facts
    if any("speed::extract_page" in f for f in stack):
        extract += 1
        facts += any("sift::facts::key_facts" in f for f in stack)
for line in sys.stdin:
    if line.strip():
        stack.append(line)
    else:
        sample()
        stack = []
sample()
if extract == facts:
    sys.exit("key-facts-share: no samples in extract_page (built without frame pointers?)")
print(f"{facts} {extract - facts}")'
}
declare -A sum_facts sum_rest
for r in $(seq "$rounds"); do
  line="round $r:"
  for i in "${!bins[@]}"; do
    read -r facts rest < <(share "${bins[$i]}")
    sum_facts[$i]=$(( ${sum_facts[$i]:-0} + facts ))
    sum_rest[$i]=$(( ${sum_rest[$i]:-0} + rest ))
    line="$line  [$i] $(python3 -c "print(f'{100*$facts/$rest:+.2f}%')")"
  done
  echo "$line"
done
for i in "${!bins[@]}"; do
  python3 -c "
f, r = ${sum_facts[$i]}, ${sum_rest[$i]}
print(f'[$i] ${bins[$i]}: key facts add {100*f/r:+.2f}% (± {100*f**0.5/r:.2f}) over $rounds rounds')"
done
