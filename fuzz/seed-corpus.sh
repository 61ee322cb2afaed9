#!/usr/bin/env bash
# Builds seed corpora for the schemalint-validate fuzz targets (not committed):
#   fuzz/corpus/validate_compile  schemas: fixtures/check/**/*.json, benches/data/*.schema.json,
#                                 every schema of the JSON-Schema-Test-Suite (draft 2020-12)
#   fuzz/corpus/validate_slice    replies: benches/data/*.json, truncations of the valid ones,
#                                 every instance of the suite (draft 2020-12)
#   fuzz/corpus/differential      the same replies, each prefixed with the byte that picks
#                                 its schema (fuzz_targets/validate_schemas.rs: 0 math, 1 ui,
#                                 2 paper, 3 moderation; suite instances get 0..=7 in turn)
# Usage: fuzz/seed-corpus.sh [OUT_DIR]   (default fuzz/corpus; needs jq)
# The suite is read from $JSON_SCHEMA_TEST_SUITE or ../shared/fixtures/json-schema-test-suite.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/fuzz/corpus}
suite=${JSON_SCHEMA_TEST_SUITE:-$root/../shared/fixtures/json-schema-test-suite}
data=$root/benches/data

# put DIR: stores stdin under its SHA-1 in DIR.
put() {
  local tmp
  tmp=$(mktemp)
  cat >"$tmp"
  mv "$tmp" "$1/$(sha1sum "$tmp" | cut -c1-16)"
}

mkdir -p "$out/validate_compile" "$out/validate_slice" "$out/differential"

# Schemas.
find "$root/fixtures" -name '*.json' -print0 | while IFS= read -r -d '' f; do
  put "$out/validate_compile" <"$f"
done
for f in "$data"/*.schema.json; do
  put "$out/validate_compile" <"$f"
done

# Replies: whole, and cut off like a `finish_reason: length` reply.
i=0
for name in math ui paper moderation; do
  for kind in valid invalid; do
    f=$data/$name.$kind.json
    put "$out/validate_slice" <"$f"
    { printf "\\x$(printf %02x $i)"; cat "$f"; } | put "$out/differential"
  done
  size=$(wc -c <"$data/$name.valid.json")
  for cut in $((size / 3)) $((size / 2)) $((size - 2)); do
    head -c "$cut" "$data/$name.valid.json" | put "$out/validate_slice"
  done
  i=$((i + 1))
done

# The suite: schemas and instances (one line of compact JSON each).
if [ -d "$suite/tests/draft2020-12" ]; then
  n=0
  for f in "$suite"/tests/draft2020-12/*.json; do
    jq -c '.[].schema' "$f" | while IFS= read -r line; do
      printf '%s' "$line" | put "$out/validate_compile"
    done
    jq -c '.[].tests[].data' "$f" | while IFS= read -r line; do
      printf '%s' "$line" | put "$out/validate_slice"
      { printf "\\x$(printf %02x $((n % 8)))"; printf '%s' "$line"; } | put "$out/differential"
    done
    n=$((n + 1))
  done
else
  echo "note: no suite at $suite; its schemas and instances are left out" >&2
fi

for t in validate_compile validate_slice differential; do
  echo "$t: $(find "$out/$t" -type f | wc -l) files in $out/$t"
done
