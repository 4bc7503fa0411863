#!/usr/bin/env bash
# Runs the CLI on the bundled sample wire story: the cleaned text, then one line saying whose
# copy it is. Expects the debug binary built (make demo builds it first).
set -euo pipefail
cd "$(dirname "$0")/.."

sift=target/debug/sift
page=samples/wire-story.html
url=https://www.harbourledger.example/world/glacier-monitors-record-fastest-spring-melt-8812

echo "== sift extract --format text $page"
echo
"$sift" extract --format text --url "$url" "$page"
echo

# The syndication verdict, read from the pretty JSON: the three fields before "evidence", and
# the kinds of evidence found.
"$sift" extract --format json --url "$url" "$page" | awk '
  /^  "syndication": \{/ { inside = 1; next }
  inside && /"evidence": \[\]/ { evidence = "none"; inside = 0; next }
  inside && /"evidence": \[/ { in_evidence = 1; inside = 0; next }
  inside { line = $0; sub(/^ +/, "", line); sub(/,$/, "", line); fields = fields sep line; sep = ", " }
  in_evidence && /"kind":/ { k = $0; sub(/.*"kind": "/, "", k); sub(/".*/, "", k); kinds = kinds ksep k; ksep = " " }
  in_evidence && /^    \]/ { in_evidence = 0 }
  END {
    if (kinds == "") kinds = (evidence == "" ? "none" : evidence)
    print "== syndication: " fields "; evidence: " kinds
  }'
