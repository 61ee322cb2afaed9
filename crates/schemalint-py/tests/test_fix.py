from __future__ import annotations

import dataclasses
import json

import pytest

import schemalint
from conftest import OPEN_OBJECT

LOOSE = '{\n  "type": "object",\n  "properties": {\n    "city": {"type": "string"},\n    "unit": {"type": "string", "enum": ["C", "F"]}\n  },\n  "required": ["city"]\n}\n'


def test_safe_fixes_close_objects_and_keep_the_layout():
    fixed = schemalint.fix(LOOSE)
    assert fixed.text == LOOSE.replace(
        '"required": ["city"]\n', '"required": ["city"],\n  "additionalProperties": false\n'
    )
    assert fixed.value["additionalProperties"] is False
    assert json.loads(fixed.text) == fixed.value
    assert [(a.rule, a.pointer, a.applicability) for a in fixed.applied] == [
        ("strict/additional-properties", "", "safe")
    ]
    assert fixed.changed
    # `unit` stays optional: that fix is unsafe, so it remains, with its fix attached.
    [left] = fixed.remaining
    assert left.rule == "strict/required"
    assert left.fix is not None and left.fix.applicability == "unsafe"
    assert (left.line, left.column) == (7, 15)


def test_unsafe_fixes_make_the_schema_pass():
    fixed = schemalint.fix(LOOSE, unsafe=True)
    assert fixed.remaining == ()
    assert fixed.value["required"] == ["city", "unit"]
    assert fixed.value["properties"]["unit"] == {"type": ["string", "null"], "enum": ["C", "F", None]}
    assert {a.applicability for a in fixed.applied} == {"safe", "unsafe"}
    assert schemalint.check(fixed.text) == []
    # Idempotent.
    again = schemalint.fix(fixed.text, unsafe=True)
    assert again.text == fixed.text and again.applied == () and not again.changed


def test_a_dict_is_fixed_as_its_indented_json_and_not_modified():
    schema = json.loads(json.dumps(OPEN_OBJECT))
    fixed = schemalint.fix(schema, unsafe=True)
    assert schema == OPEN_OBJECT
    assert fixed.value == {
        "type": "object",
        "properties": {"city": {"type": ["string", "null"]}},
        "required": ["city"],
        "additionalProperties": False,
    }
    assert fixed.text.startswith('{\n  "type": "object"')


def test_fixes_are_chosen_per_profile():
    schema = {"type": "object", "properties": {"kind": {"const": "a"}}, "required": ["kind"]}
    openai = schemalint.fix(schema, "openai", unsafe=True).value
    assert openai["properties"]["kind"]["type"] == "string"
    assert openai["additionalProperties"] is False
    gemini = schemalint.fix(schema, "gemini", unsafe=True).value
    assert "additionalProperties" not in gemini


def test_a_path_is_read_and_left_alone(tmp_path):
    path = tmp_path / "weather.json"
    path.write_text(LOOSE)
    fixed = schemalint.fix(path)
    assert path.read_text() == LOOSE
    assert fixed.text != LOOSE


def test_diagnostic_fixes_carry_byte_and_str_offsets():
    # Non-ASCII before the edit: byte and str offsets differ.
    text = '{"description": "café ☕", "type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}'
    [closed] = [d for d in schemalint.check(text) if d.rule == "strict/additional-properties"]
    fix = closed.fix
    assert isinstance(fix, schemalint.Fix) and fix.applicability == "safe"
    assert fix.message == 'add `"additionalProperties": false`'
    [edit] = fix.edits
    assert isinstance(edit, schemalint.Edit)
    assert edit.start - edit.char_start == len("é☕".encode()) - len("é☕")
    patched = text[: edit.char_start] + edit.replacement + text[edit.char_end :]
    raw = text.encode()
    assert patched.encode() == raw[: edit.start] + edit.replacement.encode() + raw[edit.end :]
    assert schemalint.check(patched) == []
    assert schemalint.fix(text).text == patched
    with pytest.raises(dataclasses.FrozenInstanceError):
        edit.start = 0  # type: ignore[misc]


def test_findings_without_a_fix_have_none():
    [root] = [d for d in schemalint.check('{"type": "string"}') if d.rule == "strict/root-type"]
    assert root.fix is None


def test_bad_input_raises_clear_errors():
    with pytest.raises(schemalint.InvalidJSONError) as caught:
        schemalint.fix('{"type": "object",}', name="broken.json")
    assert str(caught.value).startswith("broken.json:1:18: ")
    assert [d.rule for d in caught.value.errors] == ["json/invalid-json"]
    with pytest.raises(schemalint.InvalidJSONError):
        schemalint.fix(b'{"description": "caf\xe9"}')
    with pytest.raises(schemalint.UnknownProfileError):
        schemalint.fix(OPEN_OBJECT, "nope")
    with pytest.raises(TypeError, match="one profile"):
        schemalint.fix(OPEN_OBJECT, ["openai", "gemini"])  # type: ignore[arg-type]


def test_a_byte_order_mark_is_kept():
    fixed = schemalint.fix('\ufeff{"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}')
    assert fixed.text.startswith("\ufeff")
    assert fixed.value["additionalProperties"] is False
