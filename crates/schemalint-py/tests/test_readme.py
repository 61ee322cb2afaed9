"""The README's Python examples run (the service example needs network and an API key,
so it is only compiled)."""

from __future__ import annotations

import re

from conftest import REPO


def python_blocks() -> list:
    text = (REPO / "README.md").read_text()
    section = text[text.index("\n## Python\n") :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_the_api_example_runs(capsys):
    first, fixing, service = python_blocks()
    scope: dict = {}
    exec(compile(first, "README.md", "exec"), scope)
    assert "strict/additional-properties" in capsys.readouterr().out
    exec(compile(fixing, "README.md", "exec"), scope)
    assert "unsafe strict/required" in capsys.readouterr().out
    compile(service, "README.md", "exec")
    assert "ensure_compatible" in service and "validator.validate(reply)" in service
