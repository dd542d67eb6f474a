"""Shipped word evidence, loaded on first use and shared by the filters that need it."""

from __future__ import annotations

from functools import cache

from .resources import read_tsv

YI = "\u4e00"


@cache
def _yi_evidence() -> tuple[frozenset[str], dict[str, tuple[tuple[str, int], ...]]]:
    trigrams: set[str] = set()
    words: dict[str, list[tuple[str, int]]] = {}
    for seq, _count, source in read_tsv("yi_trigrams.tsv"):
        if source == "corpus":
            trigrams.add(seq)
        else:
            for i in range(1, len(seq) - 1):
                if seq[i] == YI:
                    words.setdefault(seq[i - 1 : i + 2], []).append((seq, i))
    return frozenset(trigrams), {k: tuple(v) for k, v in words.items()}


def yi_trigrams() -> frozenset[str]:
    """Trigrams ``X一Y`` attested in official documents."""
    return _yi_evidence()[0]


def yi_attested(text: str, pos: int) -> str | None:
    """Evidence that ``text[pos]``, read as 一, makes attested Chinese: the sequence, or None.

    A trigram seen in the official documents counts; a dictionary word counts only where the
    whole word matches the text around ``pos``.
    """
    if pos < 1 or pos + 1 >= len(text):
        return None
    key = text[pos - 1] + YI + text[pos + 1]
    trigrams, words = _yi_evidence()
    if key in trigrams:
        return key
    for word, i in words.get(key, ()):
        start = pos - i
        if start >= 0 and text[start:pos] == word[:i] and text[pos + 1 : start + len(word)] == word[i + 1 :]:
            return word
    # A traditional-character text: the evidence is simplified (統一起 -> 统一起).
    simplified = _t2s(key)
    if simplified != key and simplified in trigrams:
        return key
    return None


@cache
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def _t2s(text: str) -> str:
    if text.isascii():
        return text
    return _converter().convert(text)


@cache
def yi_right() -> frozenset[str]:
    """Characters that follow 一 far more often than chance (measure words and fixed partners)."""
    return frozenset(row[0] for row in read_tsv("yi_right.tsv"))


@cache
def _bigrams() -> dict[str, int]:
    return {row[0]: int(row[1]) for row in read_tsv("bigrams.tsv")}


def bigram_table() -> dict[str, int]:
    """The bigram counts themselves, for hot loops that look up many pairs."""
    return _bigrams()


def bigram_count(pair: str) -> int:
    """How often the Han bigram occurs in the shipped official documents (0: fewer than 5 times)."""
    return _bigrams().get(pair, 0)


@cache
def common_han() -> frozenset[str]:
    """Han characters in common use, simplified and traditional (for telling encodings apart).

    The simplified ones are those of the shipped bigrams; their traditional forms come from
    OpenCC's s2t tables.
    """
    simplified = {ch for pair in _bigrams() for ch in pair}
    import opencc

    traditional = set(opencc.OpenCC("s2t").convert("".join(sorted(simplified))))
    return frozenset(simplified | traditional)
