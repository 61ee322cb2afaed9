from __future__ import annotations

from typing import Dict, List, Optional

import pytest
from pydantic import BaseModel, ConfigDict

import schemalint


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")
    explanation: str
    output: str


class MathReasoning(BaseModel):
    """The OpenAI guide's example: passes as Pydantic writes it, with extra='forbid'."""

    model_config = ConfigDict(extra="forbid")
    steps: List[Step]
    final_answer: str


class Inventory(BaseModel):
    """Fails under every source: a free-form map is an open object in strict mode."""

    counts: Dict[str, int]
    note: Optional[str] = None


def test_a_model_that_passes():
    assert schemalint.check_model(MathReasoning, source="pydantic") == []


def test_a_model_that_fails():
    diagnostics = schemalint.check_model(Inventory, source="pydantic")
    errors = {(d.rule, d.pointer) for d in diagnostics if d.severity == "error"}
    assert ("strict/additional-properties", "/properties/counts") in errors
    # `note` has a default, so Pydantic leaves it out of `required`
    assert any(rule == "strict/required" for rule, _ in errors)


def test_plain_pydantic_schemas_need_the_sdk_transform():
    class Plain(BaseModel):
        city: str

    rules = {d.rule for d in schemalint.check_model(Plain, source="pydantic")}
    assert "strict/additional-properties" in rules


def test_the_openai_sdk_schema_is_what_gets_checked():
    openai_pydantic = pytest.importorskip("openai.lib._pydantic")

    class Plain(BaseModel):
        city: str
        days: Optional[int] = None

    sent = openai_pydantic.to_strict_json_schema(Plain)
    assert schemalint.model_schema(Plain, "openai") == sent
    assert schemalint.model_schema(Plain) == sent  # "auto" prefers the SDK
    assert schemalint.check_model(Plain, source="openai") == schemalint.check(sent, name="Plain")
    # the SDK closes objects and requires every property, so this model passes...
    assert schemalint.check_model(Plain) == []
    # ...but it cannot close a free-form map
    errors = [d for d in schemalint.check_model(Inventory) if d.severity == "error"]
    assert [d.pointer for d in errors if d.rule == "strict/additional-properties"] == [
        "/properties/counts"
    ]


def test_other_profiles_and_bad_arguments():
    rules = {d.rule for d in schemalint.check_model(Inventory, "anthropic", source="pydantic")}
    assert rules
    with pytest.raises(ValueError):
        schemalint.model_schema(MathReasoning, "jsonschema")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        schemalint.check_model(dict)  # type: ignore[arg-type]
