"""The pre-commit hook installs from the repository (`language: python`: pre-commit
pip-installs it, which builds the wheel) and lints the staged schemas."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import CLOSED_OBJECT, OPEN_OBJECT, REPO


def git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def project(tmp_path):
    project = tmp_path / "project"
    (project / "schemas").mkdir(parents=True)
    (project / "schemas" / "good.json").write_text(json.dumps(CLOSED_OBJECT, indent=2))
    (project / "schemas" / "bad.json").write_text(json.dumps(OPEN_OBJECT, indent=2))
    (project / "package.json").write_text('{"name": "not a schema"}')
    git(project, "init", "-q")
    git(project, "add", ".")
    return project


def try_repo(project, tmp_path, *files):
    pre_commit = shutil.which("pre-commit", path=os.path.dirname(sys.executable))
    assert pre_commit, "pre-commit is not installed next to this Python (see .ci/python)"
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        # Reuse the compiled dependencies; .ci/python also sets MATURIN_PEP517_ARGS.
        "CARGO_TARGET_DIR": os.environ.get("CARGO_TARGET_DIR", str(REPO / "target")),
    }
    return subprocess.run(
        [pre_commit, "try-repo", str(REPO), "schemalint", "--verbose", "--files", *files],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


def test_try_repo_builds_the_hook_and_reports_findings(project, tmp_path):
    run = try_repo(project, tmp_path, "schemas/good.json", "schemas/bad.json")
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "schemas/bad.json" in output
    assert "strict/additional-properties" in output
    assert "good.json:" not in output

    clean = try_repo(project, tmp_path, "schemas/good.json")
    assert clean.returncode == 0, clean.stdout + clean.stderr
