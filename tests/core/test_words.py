"""zhclean.core.words: a word list found in one pass, leftmost-longest, as one alternation would."""

from __future__ import annotations

import regex
from hypothesis import given
from hypothesis import strategies as st

from zhclean.core.words import WordFinder, word_finder

ALPHABET = st.sampled_from("ab中𠀀\udcff")


def _alternation(words: list[str], text: str) -> list[tuple[int, int, str]]:
    alternatives = sorted({w for w in words if w}, key=len, reverse=True)
    if not alternatives:
        return []
    pattern = regex.compile("|".join(regex.escape(w) for w in alternatives))
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


@given(st.lists(st.text(ALPHABET, max_size=5), max_size=6), st.text(ALPHABET, max_size=40))
def test_finds_what_one_alternation_finds(words: list[str], text: str) -> None:
    searchable = [w for w in words if "\udcff" not in w]  # no file holds a lone surrogate word
    assert list(WordFinder(searchable).finditer(text)) == _alternation(searchable, text)


def test_longer_words_win_and_matches_do_not_overlap() -> None:
    finder = WordFinder(["温家", "温家宝", "宝总", "总理"])
    assert list(finder.finditer("温家宝总理")) == [(0, 3, "温家宝"), (3, 5, "总理")]


def test_offsets_count_characters_beyond_the_basic_plane_and_past_undecodable_bytes() -> None:
    finder = WordFinder(["𠀀中"])
    assert list(finder.finditer("𠀀𠀀中\udcff𠀀中")) == [(1, 3, "𠀀中"), (4, 6, "𠀀中")]


def test_an_empty_list_finds_nothing() -> None:
    assert word_finder(()) is None
    assert word_finder(("",)) is None
    assert list(WordFinder(["\ud800"]).finditer("\ud800")) == []
