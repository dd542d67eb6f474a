"""The real pre-commit program, with this repository as the hook source.

pre-commit builds the hook's environment with pip, which needs the package registry; where it
cannot be reached, or pre-commit or git is missing, the test skips and says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import ROOT

DIRTY = "我们要把思想统-起来,坚定信心##paidbegin##。\n"
CLEAN = "我们要把思想统一起来，坚定信心。\n"


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid"}
    env.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid")
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)


def _commit(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    who = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x.invalid"}
    who.update(GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@x.invalid")
    return subprocess.run(
        ["git", "commit", "-m", "add report"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**env, **who},
        timeout=900,
    )


@pytest.mark.skipif(
    shutil.which("pre-commit") is None or shutil.which("git") is None, reason="needs pre-commit and git"
)
def test_commit_is_stopped_and_the_file_fixed(tmp_path: Path) -> None:
    head = _git(ROOT, "rev-parse", "HEAD")
    if head.returncode != 0:
        pytest.skip("the repository under test is not a git checkout")
    # The hook source must be a git repository at a commit that has .pre-commit-hooks.yaml:
    # a snapshot of the working tree, so that the test checks what is here, committed or not.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", "*.egg-info", ".hypothesis", ".pytest_cache"
        ),
    )
    _git(source, "init", "-q")
    _git(source, "add", "-A")
    assert _git(source, "commit", "-qm", "snapshot").returncode == 0
    rev = _git(source, "rev-parse", "HEAD").stdout.strip()

    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q")
    (project / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {source}\n  rev: {rev}\n  hooks:\n  - id: zhclean\n", encoding="utf-8"
    )
    (project / "report.txt").write_text(DIRTY, encoding="utf-8")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    install = subprocess.run(
        ["pre-commit", "install"], cwd=project, capture_output=True, text=True, env=env, timeout=600
    )
    assert install.returncode == 0, install.stderr
    _git(project, "add", "report.txt", ".pre-commit-config.yaml")
    commit = _commit(project, env)
    output = commit.stdout + commit.stderr
    if "Could not" in output and ("pypi" in output.lower() or "network" in output.lower()):
        pytest.skip("pre-commit could not install the hook environment (no package registry)")
    assert commit.returncode != 0, output  # the commit is stopped ...
    assert "files were modified by this hook" in output
    assert (project / "report.txt").read_text(encoding="utf-8") == CLEAN  # ... and the file fixed
    # With the fixed file staged, the commit goes through.
    _git(project, "add", "report.txt")
    again = _commit(project, env)
    assert again.returncode == 0, again.stdout + again.stderr
