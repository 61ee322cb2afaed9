#!/usr/bin/env python3
"""Writes N JSON Schemas (default 10,000) into DIR for the many-files benchmark.

Deterministic (seeded): about 70% are valid OpenAI strict schemas, the rest carry a few
typical findings (missing additionalProperties/required, unsupported keywords/formats,
defaults). Sizes range from a handful of properties to nested objects with enums,
roughly 0.3-4 KB each, spread over 100 subdirectories.

    python3 gen_schemas.py DIR [N]
"""
import json
import os
import random
import sys


def leaf(rng, bad):
    kind = rng.choice(["string", "integer", "number", "boolean", "enum", "array"])
    if kind == "enum":
        s = {"type": "string", "enum": [f"v{i}" for i in range(rng.randint(2, 12))]}
    elif kind == "array":
        s = {"type": "array", "items": {"type": "string"}}
    else:
        s = {"type": kind, "description": f"a {kind} field"}
    if bad and rng.random() < 0.3:
        if s["type"] == "string" and "enum" not in s:
            key, value = rng.choice([("minLength", 1), ("format", "uri"), ("default", "x")])
        else:
            key, value = ("default", s.get("enum", [0])[0])
        s[key] = value
    return s


def obj(rng, depth, bad):
    n = rng.randint(2, 8)
    props = {}
    for i in range(n):
        if depth < 3 and rng.random() < 0.2:
            props[f"group_{i}"] = obj(rng, depth + 1, bad)
        else:
            props[f"field_{i}"] = leaf(rng, bad)
    s = {"type": "object", "properties": props, "required": list(props)}
    s["additionalProperties"] = False
    if bad and rng.random() < 0.3:
        del s["additionalProperties"]
    if bad and rng.random() < 0.3:
        s["required"] = s["required"][:-1]
    return s


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    rng = random.Random(42)
    for i in range(count):
        d = os.path.join(out, f"group{i % 100:03d}")
        os.makedirs(d, exist_ok=True)
        schema = obj(rng, 0, bad=rng.random() < 0.3)
        with open(os.path.join(d, f"schema{i:05d}.json"), "w") as f:
            json.dump(schema, f, indent=2)


if __name__ == "__main__":
    main()
