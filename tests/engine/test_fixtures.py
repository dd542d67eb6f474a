"""Golden fixtures: fixtures/<filter-id>/<case>.in.txt -> <case>.out.txt (absent: unchanged)."""

from __future__ import annotations

import difflib
import json
from pathlib import Path

import pytest

from zhclean import Result, clean_and_explain
from zhclean.engine.filters import BY_ID

from ..conftest import FIXTURES, read
from ..invariants import check_invariants

CASES = sorted(FIXTURES.glob("*/*.in.txt"))


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name[: -len('.in.txt')]}"


def _options(path: Path) -> dict[str, object]:
    folder = path.parent.name
    options: dict[str, object] = {} if folder == "pipeline" else {"select": [folder]}
    extra = path.parent / "options.json"
    if extra.exists():
        options.update(json.loads(extra.read_text(encoding="utf-8")))
    return options


def _findings(result: Result) -> list[str]:
    """Findings as ``line:col filter reason``, the shape of --check lines without the path; a
    gap that ``mark_gaps`` marked is an edit that gives the finding as its reason."""
    marked = [c for c in result.edits if c.reason.startswith(MARKED)]
    return [
        f"{c.line}:{c.column} {c.filter} {c.reason.removeprefix(MARKED)}"
        for c in sorted((*result.findings, *marked), key=lambda c: c.start)
    ]


MARKED = "marks the gap: "


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
    findings_path = case.with_name(case.name.replace(".in.txt", ".findings.txt"))
    expected_findings = read(findings_path).splitlines() if findings_path.exists() else None
    if not ok_case:
        assert expected != text or expected_findings, "a non-ok case must change or find something"
    options = _options(case)
    result = clean_and_explain(text, **options)
    if ok_case:
        assert not result.findings, f"an ok_* case reports {_findings(result)}"
    elif expected_findings is not None:
        assert _findings(result) == expected_findings
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
    result = clean_and_explain(text, **{**_options(case), "ignore": [fid]})
    assert result.text == text and not result.items()
    # The filter's own edits are all attributed to it.
    full = clean_and_explain(text, **_options(case))
    assert all(c.filter == fid for c in full.items())
    assert others  # the registry has more than one filter
