#!/usr/bin/env bash
# Instruction counts of extraction against parsing, which machine load does not disturb.
#
#   scripts/instructions.sh [CORPUS_DIR] [bench options...]
#   scripts/instructions.sh ../shared/corpus/readability --without-key-facts
#
# Runs the speed bench once per page under `valgrind --tool=callgrind` and prints the
# instructions of exactly what the bench times: its own parses with the freeing of each tree
# (the floor, `parse_page`) and the extractions with the freeing of each result
# (`extract_page`), and their ratio. Needs valgrind and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus/readability}"
shift || true
command -v valgrind >/dev/null || { echo "instructions: valgrind is not installed" >&2; exit 2; }
bench=$(cargo bench --bench speed --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="speed" and m.get("executable"): print(m["executable"])' | tail -1)
out=$(mktemp)
trap 'rm -f "$out" "$out.tree"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out" "$bench" --bench --runs 1 \
  --corpus "$corpus" "$@" >/dev/null 2>&1
callgrind_annotate --inclusive=yes --tree=calling "$out" >"$out.tree" 2>/dev/null
python3 - "$out.tree" <<'PY'
import sys
totals = {}
extract_parse = 0
current = None
for line in open(sys.argv[1]):
    count = line.split()[0].replace(",", "") if line.strip() else ""
    if "*  ???:" in line:
        current = line.split("???:")[1].split(" [")[0]
        totals[current] = int(count)
    elif current == "sift::extract" and ">   ???:scraper::html::Html::parse_document" in line:
        extract_parse = int(count)
floor, extract = totals.get("speed::parse_page"), totals.get("speed::extract_page")
if None in (floor, extract):
    sys.exit("instructions: no symbols found (is the bench binary stripped?)")
print(f"parse and free (bench) {floor/1e6:.0f}M instructions, extract and free {extract/1e6:.0f}M "
      f"(its own parsing {extract_parse/1e6:.0f}M)")
print(f"extract/parse {extract/floor:.3f}x, beyond parsing {(extract-extract_parse)/floor:.3f}x")
PY
