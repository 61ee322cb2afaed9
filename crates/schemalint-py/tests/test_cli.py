"""The `schemalint` command installed by the wheel."""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import schemalint.__main__

BIN_DIR = pathlib.Path(sys.executable).parent


def schemalint_command() -> str:
    found = shutil.which("schemalint", path=str(BIN_DIR))
    assert found, f"the wheel did not install a `schemalint` command in {BIN_DIR}"
    return found


def test_the_command_checks_the_examples(repo):
    run = subprocess.run(
        [schemalint_command(), "check", "--format", "concise", "examples/schemas"],
        cwd=repo,
        capture_output=True,
        text=True,
    )
    # two of the examples have problems
    assert run.returncode == 1, run.stderr
    assert "invoice_from_pydantic.json" in run.stdout
    assert "strict/additional-properties" in run.stdout


def test_exit_codes_match_the_binary(repo, tmp_path):
    clean = subprocess.run([schemalint_command(), "check", "examples/schemas/weather.json"], cwd=repo)
    assert clean.returncode == 0
    usage = subprocess.run([schemalint_command(), "check", "--no-such-flag"], capture_output=True)
    assert usage.returncode == 2
    assert b"--no-such-flag" in usage.stderr
    broken = tmp_path / "broken.json"
    broken.write_text("{,}")
    invalid = subprocess.run([schemalint_command(), "check", str(broken)], capture_output=True)
    assert invalid.returncode == 2
    version = subprocess.run([schemalint_command(), "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and schemalint.__version__ in version.stdout


def test_python_dash_m_and_main(repo, capfd):
    env = {**os.environ, "NO_COLOR": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "schemalint", "rule", "strict/additional-properties"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0 and "additionalProperties" in run.stdout
    code = schemalint.__main__.main(["check", str(repo / "examples" / "schemas" / "weather.json")])
    assert code == 0
