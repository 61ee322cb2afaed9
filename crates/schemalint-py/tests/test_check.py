from __future__ import annotations

import dataclasses
import json

import pytest

import schemalint
from conftest import CLOSED_OBJECT, OPEN_OBJECT


def test_a_strict_schema_has_no_findings():
    assert schemalint.check(CLOSED_OBJECT) == []


def test_an_open_object_reports_every_strict_mode_problem():
    diagnostics = schemalint.check(OPEN_OBJECT)
    rules = {d.rule for d in diagnostics}
    assert {"strict/additional-properties", "strict/required"} <= rules
    closed = next(d for d in diagnostics if d.rule == "strict/additional-properties")
    assert closed.severity == "error"
    assert closed.pointer == ""
    assert "additionalProperties" in closed.message
    assert closed.help and "additionalProperties" in closed.help
    assert closed.provider_message and "additionalProperties" in closed.provider_message
    assert closed.line == 1 and closed.column == 1
    assert closed.end_line is not None and closed.end_line > 1
    assert closed.fix is None or isinstance(closed.fix, schemalint.Fix)
    assert isinstance(closed.notes, tuple)
    assert "strict/additional-properties" in str(closed)


def test_positions_refer_to_the_text_given():
    text = '{\n  "type": "object",\n  "properties": {\n    "inner": {"type": "object"}\n  },\n  "required": ["inner"],\n  "additionalProperties": false\n}\n'
    inner = [d for d in schemalint.check(text) if d.rule == "strict/additional-properties"]
    assert [(d.pointer, d.line) for d in inner] == [("/properties/inner", 4)]
    assert inner[0].column == 5
    # bytes and str are the same document
    assert schemalint.check(text.encode()) == schemalint.check(text)


def test_a_dict_is_checked_as_its_indented_json():
    by_dict = schemalint.check(OPEN_OBJECT)
    by_text = schemalint.check(json.dumps(OPEN_OBJECT, indent=2))
    assert by_dict == by_text


def test_wrappers_are_recognised_and_pointers_are_relative_to_the_file():
    response_format = {
        "type": "json_schema",
        "json_schema": {"name": "weather", "strict": True, "schema": OPEN_OBJECT},
    }
    pointers = {d.pointer for d in schemalint.check(response_format)}
    assert "/json_schema/schema" in pointers


def test_several_profiles_tag_each_finding():
    diagnostics = schemalint.check(OPEN_OBJECT, ["openai", "anthropic"])
    profiles = [d.profile for d in diagnostics]
    assert "openai" in profiles
    assert all(p in ("openai", "anthropic") for p in profiles)
    # grouped by profile, in the order given
    assert profiles == sorted(profiles, key=["openai", "anthropic"].index)
    # a single profile leaves `profile` unset
    assert all(d.profile is None for d in schemalint.check(OPEN_OBJECT, "openai"))


def test_invalid_json_raises_with_its_location():
    with pytest.raises(schemalint.InvalidJSONError) as caught:
        schemalint.check('{\n  "type": "object",\n}', name="broken.json")
    error = caught.value
    assert isinstance(error, ValueError)
    assert str(error) == "broken.json:2:19: trailing comma: JSON allows no comma before `}`"
    assert [d.rule for d in error.errors] == ["json/invalid-json"]
    assert (error.errors[0].line, error.errors[0].column) == (2, 19)


def test_invalid_utf8_raises():
    with pytest.raises(schemalint.InvalidJSONError) as caught:
        schemalint.check(b'{"description": "caf\xe9"}')
    assert caught.value.errors[0].rule == "json/invalid-encoding"


def test_unknown_profile_lists_the_available_ones():
    with pytest.raises(schemalint.UnknownProfileError) as caught:
        schemalint.check(CLOSED_OBJECT, "opnai")
    assert "opnai" in str(caught.value) and "openai" in str(caught.value)
    assert isinstance(caught.value, ValueError)
    with pytest.raises(ValueError):
        schemalint.check(CLOSED_OBJECT, [])


def test_objects_json_cannot_encode_are_type_errors():
    with pytest.raises(TypeError):
        schemalint.check({"type": object()})
    with pytest.raises(ValueError):
        schemalint.check({"maximum": float("nan")})


def test_a_path_is_read_and_named(repo):
    path = repo / "examples" / "schemas" / "weather.json"
    assert schemalint.check(path) == schemalint.check(path.read_bytes())
    invoice = schemalint.check(repo / "examples" / "schemas" / "invoice_from_pydantic.json")
    assert any(d.severity == "error" for d in invoice)


def test_ensure_compatible_raises_with_the_errors():
    with pytest.raises(schemalint.IncompatibleSchemaError) as caught:
        schemalint.ensure_compatible(OPEN_OBJECT, name="weather")
    assert caught.value.errors and all(d.severity == "error" for d in caught.value.errors)
    assert str(caught.value).startswith("weather: ")
    assert schemalint.ensure_compatible(CLOSED_OBJECT) == []


def test_diagnostics_are_frozen_dataclasses():
    d = schemalint.check(OPEN_OBJECT)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.rule = "x"  # type: ignore[misc]
    assert dataclasses.asdict(d)["rule"] == d.rule


def test_a_rust_panic_becomes_an_internal_error():
    from schemalint import _schemalint

    with pytest.raises(schemalint.InternalError) as caught:
        _schemalint._panic_for_tests()
    assert "deliberate panic" in str(caught.value)
    assert isinstance(caught.value, RuntimeError)


def test_the_package_is_typed():
    import importlib.resources

    files = importlib.resources.files("schemalint")
    assert files.joinpath("py.typed").is_file()
    assert files.joinpath("_schemalint.pyi").is_file()
    assert schemalint.__version__.count(".") == 2
