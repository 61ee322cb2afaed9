#!/usr/bin/env bash
# Many-files benchmark: `schemalint check` on 10,000 generated schemas, 1 vs 2 threads
# (and more when the machine has more cores). Needs python3 and hyperfine
# (`apt-get install hyperfine`). Results go in BENCHMARKS.md, "Many files".
#
#     bash benches/many-files/run.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
count="${1:-10000}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

cargo build --release -p schemalint
bin="${CARGO_TARGET_DIR:-target}/release/schemalint"
python3 benches/many-files/gen_schemas.py "$dir/schemas" "$count"
echo "generated $(find "$dir/schemas" -name '*.json' | wc -l) files, $(du -sh "$dir/schemas" | cut -f1)"

threads=(1 2)
cores="$(nproc)"
if (( cores > 2 )); then threads+=("$cores"); fi
cmds=()
for t in "${threads[@]}"; do
    cmds+=("$bin check $dir/schemas --threads $t --format concise > /dev/null; test \$? -le 1")
done
# schemalint exits 1 when it finds something (some schemas are meant to): not a failure here.
hyperfine --warmup 2 --runs 10 --shell bash "${cmds[@]}" --export-markdown "$dir/result.md"
cat "$dir/result.md"
