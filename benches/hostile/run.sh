#!/usr/bin/env bash
# Hostile-input benchmark: wall time and peak RSS of the release binary on the cases of
# `crates/schemalint/tests/hostile.rs` (10^7-deep nesting closed and unclosed, 100 MB
# single-line files, 10^6-key objects and schemas of 10^6 properties, with and without
# every name in `required`), each the median of RUNS runs (default 5) measured
# with GNU time. Prints a Markdown table for BENCHMARKS.md, "Hostile input".
#
#     bash benches/hostile/run.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT

cargo build --release -p schemalint
bin="$(pwd)/${CARGO_TARGET_DIR:-target}/release/schemalint"

python3 - "$dir" <<'EOF'
import sys, os
d = sys.argv[1]
def repeat(name, parts):
    with open(os.path.join(d, name), "w") as f:
        for text, times in parts:
            block = text * max(1, (1 << 20) // len(text))
            per = (1 << 20) // len(text) or 1
            while times >= per:
                f.write(block)
                times -= per
            f.write(text * times)
n = 10_000_000
repeat("arrays.json", [("[", n), ("]", n)])
repeat("open-arrays.json", [("[", n)])
repeat("objects.json", [('{"a":', n), ("1", 1), ("}", n)])
repeat("open-objects-100mb.json", [('{"a":', 2 * n)])
repeat("broken-100mb.json", [('{"type": "object", oops: ', 1), ("x", 100_000_000)])
with open(os.path.join(d, "keys-instance.json"), "w") as f:
    f.write("{" + ",".join('"k%d":%d' % (i, i) for i in range(1_000_000)) + "}")
with open(os.path.join(d, "keys-schema.json"), "w") as f:
    f.write('{"type":"object","properties":{'
            + ",".join('"k%d":{"type":"string"}' % i for i in range(1_000_000)) + "}}")
with open(os.path.join(d, "keys-strict-schema.json"), "w") as f:
    f.write('{"type":"object","properties":{'
            + ",".join('"k%d":{"type":"string"}' % i for i in range(1_000_000)) + '},"required":['
            + ",".join('"k%d"' % i for i in range(1_000_000)) + '],"additionalProperties":false}')
with open(os.path.join(d, "object.json"), "w") as f:
    f.write('{"type": "object"}')
EOF

cases=(
    "check --format concise arrays.json"
    "check --format concise open-arrays.json"
    "check --format concise objects.json"
    "check --format concise open-objects-100mb.json"
    "check --format full open-objects-100mb.json"
    "check --format full broken-100mb.json"
    "validate --schema arrays.json object.json"
    "validate --schema open-objects-100mb.json object.json"
    "validate --schema object.json arrays.json"
    "validate --schema object.json open-objects-100mb.json"
    "validate --schema object.json broken-100mb.json"
    "validate --schema object.json keys-instance.json"
    "check --format concise keys-schema.json"
    "check --format full keys-schema.json"
    "check --format json keys-schema.json"
    "check --format sarif keys-schema.json"
    "check --format concise keys-strict-schema.json"
    "check --format json keys-strict-schema.json"
    "validate --schema keys-schema.json object.json"
)
echo "| Command (in the data directory) | Input | Exit | Wall (median of $runs) | Peak RSS (median) |"
echo "|---|---:|---:|---:|---:|"
cd "$dir"
for case in "${cases[@]}"; do
    walls=()
    rsss=()
    code=0
    for _ in $(seq "$runs"); do
        set +e
        /usr/bin/time -f "%e %M" -o "$dir/time" "$bin" $case > /dev/null 2>&1
        code=$?
        set -e
        # GNU time puts "Command exited with non-zero status N" first.
        read -r wall rss < <(tail -n 1 "$dir/time")
        walls+=("$wall")
        rsss+=("$rss")
    done
    wall="$(printf '%s\n' "${walls[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")"
    rss="$(printf '%s\n' "${rsss[@]}" | sort -g | sed -n "$(( (runs + 1) / 2 ))p")"
    file="$(echo "$case" | awk '{print $NF}')"
    [[ "$case" == validate\ --schema\ *\ object.json ]] && file="$(echo "$case" | awk '{print $3}')"
    size="$(du -h --apparent-size "$file" | cut -f1)"
    printf '| `schemalint %s` | %s | %s | %s s | %s MB |\n' "$case" "$size" "$code" "$wall" "$(( rss / 1024 ))"
done
