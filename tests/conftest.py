from __future__ import annotations

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
