from __future__ import annotations

import pytest

import schemalint
from conftest import CLOSED_OBJECT


@pytest.fixture(scope="module")
def validator() -> schemalint.Validator:
    return schemalint.Validator(CLOSED_OBJECT)


def test_valid_and_invalid_replies(validator):
    assert validator.is_valid('{"city": "Paris", "days": 3}')
    assert validator.is_valid(b'{"city": "Paris", "days": 3}')
    assert validator.is_valid(bytearray(b'{"city": "Paris", "days": 3}'))
    assert not validator.is_valid('{"city": "Paris", "days": "3"}')
    assert not validator.is_valid('{"city": "Paris"}')
    assert validator.validate('{"city": "Paris", "days": 3}') == []


def test_errors_locate_the_value(validator):
    reply = '{"city": "Paris",\n "days": "3"}'
    [error] = validator.validate(reply)
    assert error.instance_pointer == "/days"
    assert error.schema_pointer == "/properties/days/type"
    assert error.keyword == "type"
    assert error.kind == "keyword"
    assert (error.start, error.end) == (27, 30)
    assert (error.line, error.column) == (2, 10)
    assert "/days" in str(error)
    assert validator.validate(reply.encode()) == [error]


def test_a_truncated_reply_is_an_error_not_an_exception(validator):
    [error] = validator.validate('{"city": "Par')
    assert error.kind == "truncated"
    [error] = validator.validate('{"city": Paris}')
    assert error.kind == "malformed"
    [error] = validator.validate(b'{"city": "caf\xe9", "days": 1}')
    assert error.kind == "invalid-utf8"


def test_ensure_valid_raises_with_errors(validator):
    validator.ensure_valid('{"city": "Paris", "days": 3}')
    with pytest.raises(schemalint.InvalidInstanceError) as caught:
        validator.ensure_valid('{"days": "x", "extra": 1}')
    errors = caught.value.errors
    assert len(errors) == 3
    assert {e.keyword for e in errors} == {"required", "type", "additionalProperties"}
    assert "(and 2 more)" in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_envelopes_and_text_schemas():
    response_format = {
        "type": "json_schema",
        "json_schema": {"name": "w", "strict": True, "schema": CLOSED_OBJECT},
    }
    v = schemalint.Validator(response_format)
    assert v.schema_pointer == "/json_schema/schema"
    assert v.is_valid('{"city": "Paris", "days": 3}')
    assert schemalint.Validator('{"type": "integer"}').is_valid("3")
    assert schemalint.Validator(CLOSED_OBJECT).schema_pointer == ""


def test_bad_schemas_raise():
    with pytest.raises(schemalint.InvalidJSONError):
        schemalint.Validator('{"type": ')
    with pytest.raises(schemalint.SchemaCompileError) as caught:
        schemalint.Validator({"$ref": "#/$defs/missing"})
    assert "missing" in str(caught.value)
    with pytest.raises(schemalint.SchemaCompileError):
        schemalint.Validator({"type": 5})


def test_python_objects_are_not_json_text(validator):
    with pytest.raises(TypeError, match="json.dumps"):
        validator.is_valid({"city": "Paris", "days": 3})  # type: ignore[arg-type]
