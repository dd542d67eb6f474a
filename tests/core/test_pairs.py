"""zhclean.core.pairs: the C scan (short texts) and the NumPy scan (long ones) give the same answer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhclean import clean_and_explain
from zhclean.core import pairs
from zhclean.core.lexicon import bigram_table
from zhclean.engine.filters.fix_lookalike_chars import _judgeable

from ..conftest import FIXTURES, read

# Characters that make common pairs and look-alike suspects, with punctuation, Latin, an
# astral Han character and a lone surrogate (text from a broken decoder).
ALPHABET = "国家圃安全人民发展高质盾量问需霄于的是在和，。、“”《》 \nA1𠀀\ud800扞卫捍"


def _same(text: str) -> None:
    table = bigram_table()
    short, long = pairs._scan_c(text, table, _judgeable), pairs._scan_vector(text, table, _judgeable)
    assert long.positions == short.positions
    assert long.fitting == short.fitting
    for pair in {text[i : i + 2] for i in range(len(text) - 1)} | {"圃霄", "x"}:
        assert (pair in long.written) == (pair in short.written), pair
        assert long.written[pair] == short.written[pair], pair
        assert long.unfit[pair] == short.unfit[pair], pair


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=200))
def test_both_scans_agree(text: str) -> None:
    _same(text)


def test_both_scans_agree_on_the_sample_documents() -> None:
    for path in sorted(FIXTURES.glob("*/*.in.txt")):
        _same(read(path))


def test_no_character_outside_the_universe_is_judged() -> None:
    # The long-text path asks only about _judgeable.universe(): a suspect must be in it.
    universe = set(_judgeable.universe())
    assert "圃" in universe and _judgeable("圃")
    outside = (chr(p) for p in range(0x3000, 0x30000) if chr(p) not in universe)
    assert not any(_judgeable(c) for c in outside)


def test_the_scan_finds_the_suspects() -> None:
    found = pairs.scan("三是圃家安全。", bigram_table(), _judgeable)
    assert found.positions == [2]  # 圃: neither 是圃 nor 圃家 is Chinese
    assert found.unfit["圃家"] == 1 and found.unfit["国家"] == 0
    assert pairs.scan("", bigram_table(), _judgeable).positions == []


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("fix-lookalike-chars/*.in.txt")), ids=lambda p: p.stem)
def test_the_filter_gives_the_same_edits_either_way(path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    text = read(path)
    monkeypatch.setattr(pairs, "VECTOR_MIN", 10**9)
    short = clean_and_explain(text)
    monkeypatch.setattr(pairs, "VECTOR_MIN", 0)
    long = clean_and_explain(text)
    assert long.text == short.text
    assert long.edits == short.edits and long.suggestions == short.suggestions
