#!/usr/bin/env python3
"""Markdown tables (criterion medians) for `cargo bench -p schemalint-benches --bench validate`.

Usage: python3 benches/validate_table.py [CRITERION_DIR [BASELINE]]   (default:
$CARGO_TARGET_DIR/criterion or target/criterion). Reads every `new/benchmark.json` +
`new/estimates.json` of the groups the `validate` bench defines (valid_*, large_*, catalog_*,
invalid_*). With BASELINE (a `--save-baseline` name), also prints our two byte-path contenders
before (that baseline) and after (`new`).
"""
import collections
import glob
import json
import os
import sys

default = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")
root = sys.argv[1] if len(sys.argv) > 1 else default
baseline = sys.argv[2] if len(sys.argv) > 2 else None
GROUPS = ("valid_", "invalid_", "large_", "catalog_")


def load(kind):
    out = collections.defaultdict(dict)
    for path in glob.glob(os.path.join(root, f"**/{kind}/benchmark.json"), recursive=True):
        meta = json.load(open(path))
        group = meta["group_id"]
        if not group.startswith(GROUPS):
            continue
        est = json.load(open(os.path.join(os.path.dirname(path), "estimates.json")))
        out[group][meta["function_id"]] = est["median"]["point_estimate"]
    return out


rows = load("new")


def t(ns):
    if ns is None:
        return "–"
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def order(g):
    return (0 if g.startswith("valid_") else 2 if g.startswith("invalid_") else 1, g)


valid = [g for g in sorted(rows, key=order) if not g.startswith("invalid_")]
invalid = [g for g in sorted(rows, key=order) if g.startswith("invalid_")]

print("Valid replies and the large document (median per document):\n")
cols = [
    ("schemalint_is_valid_slice/bytes", "ours `is_valid_slice`"),
    ("schemalint_validate_slice/bytes", "ours `validate_slice`"),
    ("jsonschema_is_valid/bytes", "serde_json + jsonschema `is_valid`"),
    ("boon_validate/bytes", "serde_json + boon"),
    ("floor_serde_ignored_any/bytes", "floor (`IgnoredAny`)"),
    ("schemalint_is_valid/value", "ours `is_valid(&Value)`"),
    ("jsonschema_is_valid/value", "jsonschema `is_valid(&Value)`"),
    ("boon_validate/value", "boon (`&Value`)"),
]
print("| input | " + " | ".join(c[1] for c in cols) + " | speed-up vs jsonschema e2e (target ≥ 4x; large ≥ 1.5x) | ours / floor (target ≤ 1.5) | `validate_slice` / `is_valid_slice` |")
print("|---" * (len(cols) + 4) + "|")
for g in valid:
    r = rows[g]
    ours = r.get("schemalint_is_valid_slice/bytes")
    cells = [t(r.get(k)) for k, _ in cols]
    speed = r["jsonschema_is_valid/bytes"] / ours
    floor = ours / r["floor_serde_ignored_any/bytes"]
    mode = r["schemalint_validate_slice/bytes"] / ours
    print(f"| `{g}` | " + " | ".join(cells) + f" | {speed:.2f}x | {floor:.2f}x | {mode:.2f} |")

print("\nInvalid replies, collect-all-errors mode (median per document):\n")
cols = [
    ("schemalint_validate_slice/bytes", "ours `validate_slice` (all errors)"),
    ("schemalint_is_valid_slice/bytes", "ours `is_valid_slice` (stops at first)"),
    ("jsonschema_iter_errors/bytes", "serde_json + jsonschema `iter_errors`"),
    ("jsonschema_is_valid/bytes", "serde_json + jsonschema `is_valid`"),
    ("boon_validate/bytes", "serde_json + boon"),
    ("floor_serde_ignored_any/bytes", "floor (`IgnoredAny`)"),
    ("schemalint_validate/value", "ours `validate(&Value)`"),
    ("jsonschema_iter_errors/value", "jsonschema `iter_errors(&Value)`"),
]
print("| input | " + " | ".join(c[1] for c in cols) + " | all-errors / bool, same bytes (target ≤ 2) | all-errors / bool on the valid reply of that schema | ours all-errors vs jsonschema `iter_errors` e2e |")
print("|---" * (len(cols) + 4) + "|")
for g in invalid:
    r = rows[g]
    name = g[len("invalid_"):].rsplit("_", 1)[0]
    valid_group = next((v for v in valid if v.startswith(f"valid_{name}_")), None)
    all_errors = r["schemalint_validate_slice/bytes"]
    cells = [t(r.get(k)) for k, _ in cols]
    same = all_errors / r["schemalint_is_valid_slice/bytes"]
    vs_valid = (
        f"{all_errors / rows[valid_group]['schemalint_is_valid_slice/bytes']:.2f}"
        if valid_group
        else "–"
    )
    vs_theirs = r["jsonschema_iter_errors/bytes"] / all_errors
    print(f"| `{g}` | " + " | ".join(cells) + f" | {same:.2f} | {vs_valid} | {vs_theirs:.2f}x |")

if baseline:
    before = load(baseline)
    print(f"\nOur byte path before (`{baseline}`) and after (median per document):\n")
    print("| input | `is_valid_slice` before | after | faster | `validate_slice` before | after | faster |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for g in valid + invalid:
        b, a = before.get(g, {}), rows[g]
        cells = []
        for k in ("schemalint_is_valid_slice/bytes", "schemalint_validate_slice/bytes"):
            x, y = b.get(k), a.get(k)
            cells += [t(x), t(y), f"{x / y:.2f}x" if x and y else "–"]
        print(f"| `{g}` | " + " | ".join(cells) + " |")
