"""Package data: loaded on first use, once per process."""

from __future__ import annotations

from importlib import resources


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a TSV file in ``zhclean/data``: no comments, no blank lines, no header row.

    The first non-comment line is the header and is skipped.
    """
    text = resources.files("zhclean").joinpath("data", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return rows[1:]


def read_text(name: str) -> str:
    return resources.files("zhclean").joinpath("data", name).read_text(encoding="utf-8")
