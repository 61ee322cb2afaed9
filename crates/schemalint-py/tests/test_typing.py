"""The installed package type-checks under `mypy --strict`, and so does code using it."""

from __future__ import annotations

import subprocess
import sys

USAGE = '''
from typing import List, Optional, Tuple

from pydantic import BaseModel

import schemalint


class Model(BaseModel):
    a: int


diagnostics: List[schemalint.Diagnostic] = schemalint.check({"type": "object"}, ["openai"])
line: Optional[int] = diagnostics[0].line
severity: schemalint.Severity = diagnostics[0].severity
validator = schemalint.Validator({"type": "object"})
valid: bool = validator.is_valid(b"{}")
errors: List[schemalint.ValidationError] = validator.validate("{}")
schemalint.check_model(Model, source="pydantic")
fixed: schemalint.Fixed = schemalint.fix({"type": "object"}, "openai", unsafe=True)
text: str = fixed.text
applied: Tuple[schemalint.AppliedFix, ...] = fixed.applied
for d in fixed.remaining:
    if d.fix is not None:
        edit: schemalint.Edit = d.fix.edits[0]
        offsets: Tuple[int, int] = (edit.char_start, edit.char_end)
        kind: schemalint.Applicability = d.fix.applicability
try:
    validator.ensure_valid("[]")
except schemalint.InvalidInstanceError as e:
    print(e.errors)
'''

WRONG = '''
import schemalint

schemalint.Validator({}).is_valid({"a": 1})
'''


def mypy(tmp_path, code: str) -> subprocess.CompletedProcess:
    path = tmp_path / "usage.py"
    path.write_text(code)
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(path)],
        capture_output=True,
        text=True,
    )


def test_strict_mypy_accepts_correct_use(tmp_path):
    run = mypy(tmp_path, USAGE)
    assert run.returncode == 0, run.stdout + run.stderr


def test_strict_mypy_rejects_a_dict_as_a_reply(tmp_path):
    run = mypy(tmp_path, WRONG)
    assert run.returncode == 1
    assert 'Argument 1 to "is_valid" of "Validator"' in run.stdout
