#!/usr/bin/env python3
"""Regenerate the README's filter list from the filters' docstrings (tests check it is current)."""

from __future__ import annotations

import sys
from pathlib import Path

from zhclean.engine.docs import render_readme

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> int:
    old = README.read_text(encoding="utf-8")
    new = render_readme(old)
    if new != old:
        README.write_text(new, encoding="utf-8")
        print("README.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
