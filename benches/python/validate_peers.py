"""schemalint's Python `Validator.is_valid` against `jsonschema` and `fastjsonschema`,
per call, on the seed-002 replies the Rust benches use (benches/data/).

Every contender starts from the reply's text, as a service receives it:
- schemalint: `Validator.is_valid(text)` (parses and validates in one pass, in Rust);
- jsonschema: `validator.is_valid(json.loads(text))` with `Draft202012Validator`;
- fastjsonschema: `validate(json.loads(text))` in try/except (its compiled Python code;
  fastjsonschema implements drafts 4/6/7, so the schemas get `draft7`);
plus `json.loads(text)` alone, the floor under both peers. Each figure is the median of
9 repeats of `timeit` autoranged (>= 0.2 s each), in microseconds per call.

Run (see BENCHMARKS.md, "Python package"):
    python benches/python/validate_peers.py
"""

from __future__ import annotations

import json
import pathlib
import platform
import statistics
import sys
import timeit

import fastjsonschema
import jsonschema

import schemalint

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"
CASES = ["math", "ui", "paper", "moderation"]
REPEATS = 9


def per_call_us(call) -> float:
    timer = timeit.Timer(call)
    number, _ = timer.autorange()
    number = max(number, 1)
    runs = [t / number for t in timer.repeat(repeat=REPEATS, number=number)]
    return statistics.median(runs) * 1e6


def contenders(schema: dict):
    ours = schemalint.Validator(schema)
    theirs = jsonschema.Draft202012Validator(schema)
    fast = fastjsonschema.compile(schema, handlers={}, use_default=False)

    def fast_is_valid(value) -> bool:
        try:
            fast(value)
            return True
        except fastjsonschema.JsonSchemaException:
            return False

    return {
        "schemalint": lambda text: ours.is_valid(text),
        "jsonschema": lambda text: theirs.is_valid(json.loads(text)),
        "fastjsonschema": lambda text: fast_is_valid(json.loads(text)),
        "json.loads only": lambda text: json.loads(text) is not None,
    }


def main() -> int:
    names = list(contenders({}).keys())
    print(
        f"# Python {platform.python_version()}, schemalint {schemalint.__version__}, "
        f"jsonschema {jsonschema_version()}, fastjsonschema {fastjsonschema.VERSION}"
    )
    print("| reply | bytes | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for case in CASES:
        schema = json.loads((DATA / f"{case}.schema.json").read_text())
        calls = contenders(schema)
        for kind in ("valid", "invalid"):
            text = (DATA / f"{case}.{kind}.json").read_text()
            verdicts = {n: c(text) for n, c in calls.items() if n != "json.loads only"}
            expected = kind == "valid"
            if any(v != expected for v in verdicts.values()):
                print(f"error: {case}.{kind}: verdicts differ: {verdicts}", file=sys.stderr)
                return 1
            cells = [f"{per_call_us(lambda c=c: c(text)):.2f}" for c in calls.values()]
            print(f"| {case}.{kind} | {len(text.encode())} | " + " | ".join(cells) + " |")
    return 0


def jsonschema_version() -> str:
    from importlib.metadata import version

    return version("jsonschema")


if __name__ == "__main__":
    sys.exit(main())
