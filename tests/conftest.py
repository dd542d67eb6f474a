from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def read(path: Path) -> str:
    # newline="" keeps CRLF exactly as in the file
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def zhclean(
    *args: str, cwd: Path | None = None, stdin: bytes | None = None, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """``python -m zhclean ARGS`` in a real process; the colour variables of the environment
    running the tests are left out (``env`` sets them where a test wants them)."""
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "zhclean", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env={**environ, **env},
    )
