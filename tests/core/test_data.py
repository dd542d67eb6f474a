"""The shipped data files: well-formed, sorted, and reproducible from their sources."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from zhclean.core.resources import read_tsv

from ..conftest import ROOT, SHARED

DATA_FILES = ["paywall_markers.tsv", "radicals.tsv", "yi_trigrams.tsv", "yi_right.tsv"]


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_is_well_formed(name: str) -> None:
    raw = resources.files("zhclean").joinpath("data", name).read_text(encoding="utf-8")
    comments = [line for line in raw.splitlines() if line.startswith("#")]
    assert any("ource" in c for c in comments) and any("icen" in c for c in comments), "no source/licence"
    rows = read_tsv(name)
    assert rows, "no rows"
    width = len(rows[0])
    assert all(len(r) == width for r in rows), "ragged rows"
    keys = [r[0] for r in rows]
    assert len(keys) == len(set(keys)), "duplicate keys"
    if name != "paywall_markers.tsv":
        assert keys == sorted(keys), "not sorted"


def test_radicals_map_to_other_ideographs() -> None:
    rows = read_tsv("radicals.tsv")
    assert all(src != dst for src, dst, _ in rows)
    targets = {dst for _, dst, _ in rows}
    assert not targets & {src for src, _, _ in rows}, "a radical maps to another radical"


def test_yi_data_never_contains_news_only_evidence() -> None:
    # The news transcripts may not be shipped: the hyphen in 中国-上合组织 appears only there.
    assert "国一上" not in {r[0] for r in read_tsv("yi_trigrams.tsv")}


UNICODE_DATA = Path("/usr/share/unicode/EquivalentUnifiedIdeograph.txt")


@pytest.mark.skipif(not (SHARED / "data" / "corpus").is_dir(), reason="needs ../shared/data")
@pytest.mark.skipif(importlib.util.find_spec("jieba") is None, reason="needs jieba (the [test] extra)")
@pytest.mark.skipif(not UNICODE_DATA.exists(), reason="needs Debian's unicode-data")
def test_shipped_data_is_reproducible() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "build_data.py"), "--check", "--shared", str(SHARED)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
