"""Many threads at once: same results as one thread, shared Validator, no crash."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import schemalint
from conftest import CLOSED_OBJECT, OPEN_OBJECT

REPLIES = [
    '{"city": "Paris", "days": 3}',
    '{"city": "Paris", "days": "3"}',
    '{"city": "Par',
    json.dumps({"city": "x" * 100_000, "days": 1}),
]


def test_check_and_validate_from_many_threads():
    validator = schemalint.Validator(CLOSED_OBJECT)
    expected_check = [schemalint.check(s) for s in (OPEN_OBJECT, CLOSED_OBJECT)]
    expected_validate = [validator.validate(r) for r in REPLIES]

    def work(i: int):
        schema = (OPEN_OBJECT, CLOSED_OBJECT)[i % 2]
        reply = REPLIES[i % len(REPLIES)]
        return (
            i,
            schemalint.check(schema),
            validator.validate(reply),
            validator.is_valid(reply),
        )

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(400)))
    for i, diagnostics, errors, valid in results:
        assert diagnostics == expected_check[i % 2]
        assert errors == expected_validate[i % len(REPLIES)]
        assert valid == (errors == [])


def test_validators_built_concurrently():
    def build(i: int) -> bool:
        schema = {**CLOSED_OBJECT, "properties": {"city": {"type": "string", "maxLength": i}}}
        schema["required"] = ["city"]
        return schemalint.Validator(schema).is_valid(json.dumps({"city": "x" * 10}))

    with ThreadPoolExecutor(max_workers=8) as pool:
        verdicts = list(pool.map(build, range(40)))
    assert verdicts == [i >= 10 for i in range(40)]
