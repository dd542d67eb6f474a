"""Golden fixtures: fixtures/<filter-id>/<case>.in.txt -> <case>.out.txt (absent: unchanged)."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from zhclean import clean_and_explain
from zhclean.filters import BY_ID

from .conftest import FIXTURES, read
from .invariants import check_invariants

CASES = sorted(FIXTURES.glob("*/*.in.txt"))


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name[: -len('.in.txt')]}"


def _options(path: Path) -> dict[str, object]:
    folder = path.parent.name
    return {} if folder == "pipeline" else {"select": [folder]}


def test_every_filter_has_fixtures_and_ok_cases() -> None:
    for fid in BY_ID:
        folder = FIXTURES / fid
        assert folder.is_dir(), f"no fixtures for {fid}"
        names = [p.name for p in folder.glob("*.in.txt")]
        assert any(n.startswith("ok_") for n in names), f"{fid}: no ok_* case"
        assert any(not n.startswith("ok_") for n in names), f"{fid}: no case that changes text"


def test_fixture_folders_name_real_filters() -> None:
    for folder in FIXTURES.iterdir():
        if folder.is_dir() and folder.name not in ("pipeline", "samples"):
            assert folder.name in BY_ID, f"fixtures/{folder.name} names no filter"


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_golden(case: Path) -> None:
    text = read(case)
    expected_path = case.with_name(case.name.replace(".in.txt", ".out.txt"))
    ok_case = case.name.startswith("ok_")
    assert not (ok_case and expected_path.exists()), "an ok_* case must not have an .out.txt"
    expected = read(expected_path) if expected_path.exists() else text
    if not ok_case:
        assert expected != text, "a non-ok case must change something (else name it ok_*)"
    options = _options(case)
    result = clean_and_explain(text, **options)
    if result.text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                result.text.splitlines(keepends=True),
                "expected",
                "actual",
            )
        )
        pytest.fail(f"{_id(case)} differs:\n{diff}")
    check_invariants(text, result, **options)


@pytest.mark.parametrize("case", [c for c in CASES if c.parent.name != "pipeline"], ids=_id)
def test_disabled_filter_changes_nothing(case: Path) -> None:
    text = read(case)
    fid = case.parent.name
    others = [f for f in BY_ID if f != fid]
    result = clean_and_explain(text, select=[fid], ignore=[fid])
    assert result.text == text and not result.items()
    # The filter's own edits are all attributed to it.
    full = clean_and_explain(text, select=[fid])
    assert all(c.filter == fid for c in full.items())
    assert others  # the registry has more than one filter
