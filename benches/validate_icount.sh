#!/usr/bin/env bash
# Instructions per document for every contender of the `validate` bench, counted by
# valgrind (callgrind's "Collected" Ir): unlike wall time, other processes on a busy machine
# do not change it. Per document = (count at N - count at 0) / N. (Hardware counters,
# `perf stat -e instructions:u`, are not available on the VM this was written on.)
# Usage: benches/validate_icount.sh [N]   (default 5000; needs valgrind; ~5 minutes)
# VALID_INPUTS / INVALID_INPUTS (space-separated) restrict the inputs; CONTENDERS the valid set.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-5000}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p schemalint-benches --example validate_icount
bin=$target/release/examples/validate_icount

count() { # contender input iterations
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" "$3" 2>&1 >/dev/null |
    awk '/Collected/ {print $NF}'
}

per_doc() { # contender input iterations
  local base full
  base=$(count "$1" "$2" 0)
  full=$(count "$1" "$2" "$3")
  echo $(((full - base) / $3))
}

valid=${CONTENDERS:-"ours-slice ours-validate-slice ours-value jsonschema-bytes jsonschema-value boon-bytes boon-value floor"}
invalid="ours-validate-slice ours-slice ours-validate-value jsonschema-errors-bytes jsonschema-bytes jsonschema-value boon-bytes floor"

printf '| input |'; for c in $valid; do printf ' %s |' "$c"; done; printf ' ours-slice / jsonschema-bytes | ours-slice / floor |\n'
printf '|---|'; for _ in $valid; do printf -- '---:|'; done; printf -- '---:|---:|\n'
for input in ${VALID_INPUTS:-valid-math valid-ui valid-paper valid-moderation valid-linked_list valid-extraction large catalog}; do
  iters=$n
  case $input in large | catalog) iters=$((n / 1000 + 1)) ;; esac
  printf '| `%s` |' "$input"
  declare -A r=()
  for c in $valid; do r[$c]=$(per_doc "$c" "$input" "$iters"); printf ' %s |' "${r[$c]}"; done
  awk -v a="${r[ours-slice]}" -v b="${r[jsonschema-bytes]}" -v f="${r[floor]}" \
    'BEGIN { printf " %.2f | %.2f |\n", a / b, a / f }'
done
echo
printf '| input |'; for c in $invalid; do printf ' %s |' "$c"; done; printf ' all errors / bool (same bytes) |\n'
printf '|---|'; for _ in $invalid; do printf -- '---:|'; done; printf -- '---:|\n'
for input in ${INVALID_INPUTS:-invalid-math invalid-ui invalid-paper invalid-moderation invalid-linked_list invalid-extraction}; do
  printf '| `%s` |' "$input"
  declare -A r=()
  for c in $invalid; do r[$c]=$(per_doc "$c" "$input" "$n"); printf ' %s |' "${r[$c]}"; done
  awk -v a="${r[ours-validate-slice]}" -v b="${r[ours-slice]}" 'BEGIN { printf " %.2f |\n", a / b }'
done
