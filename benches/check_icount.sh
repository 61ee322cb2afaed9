#!/usr/bin/env bash
# Instructions per lint for the `check` bench's inputs, counted by valgrind (callgrind's
# "Collected" Ir): other processes on a busy machine do not change it, as they do wall
# time. Per lint = (count at N - count at 0) / N, so building the input is not counted.
# Usage: benches/check_icount.sh [N] [input...]   (default N = 20; inputs wide-5000,
# minimal-5000, nested-200; needs valgrind; about a minute)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20}
shift || true
inputs=${*:-wide-5000 minimal-5000 nested-200}
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p schemalint-benches --example check_icount
bin=$target/release/examples/check_icount

count() { # input iterations
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 >/dev/null |
    awk '/Collected/ {print $NF}'
}

printf '| input | instructions per lint |\n|---|---:|\n'
for input in $inputs; do
  base=$(count "$input" 0)
  full=$(count "$input" "$n")
  printf '| %s | %s |\n' "$input" $(((full - base) / n))
done
