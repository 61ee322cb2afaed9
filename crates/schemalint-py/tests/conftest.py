"""Shared test data. The tests run against the installed wheel (see .ci/run)."""

from __future__ import annotations

import pathlib

import pytest

REPO = pathlib.Path(__file__).resolve().parents[3]

OPEN_OBJECT = {
    "type": "object",
    "properties": {"city": {"type": "string"}},
}

CLOSED_OBJECT = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
    "required": ["city", "days"],
    "additionalProperties": False,
}


@pytest.fixture
def repo() -> pathlib.Path:
    return REPO
