"""Shipped word evidence, loaded on first use and shared by the filters that need it."""

from __future__ import annotations

from functools import cache

import regex

from .chars import HAN
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
def converter(config: str = "t2s"):  # type: ignore[no-untyped-def]
    """An OpenCC converter (``t2s``, ``s2t`` ...), made once per process."""
    import opencc

    return opencc.OpenCC(config)


def _t2s(text: str) -> str:
    if text.isascii():
        return text
    return converter().convert(text)


HAN_RUN_RE = regex.compile(f"[{HAN}]+")


def traditional_count(text: str) -> int:
    """How many of the Han characters of ``text`` OpenCC's t2s changes (only traditional)."""
    han = "".join(HAN_RUN_RE.findall(text))
    return sum(map(str.__ne__, han, converter("t2s").convert(han))) if han else 0


def simplified_count(text: str) -> int:
    """How many of the Han characters of ``text`` OpenCC's s2t changes (only simplified)."""
    han = "".join(HAN_RUN_RE.findall(text))
    return sum(map(str.__ne__, han, converter("s2t").convert(han))) if han else 0


SCRIPT_SAMPLE = 50_000  # characters that tell a document's script


def mainly_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters: more of its Han characters exist
    only in traditional form than only in simplified form (judged on a sample of its start)."""
    sample = text[:SCRIPT_SAMPLE]
    traditional = traditional_count(sample)
    return traditional > 0 and traditional > simplified_count(sample)


def as_simplified(text: str) -> str:
    """``text`` with each character in simplified form, position for position, for looking up
    evidence counted from simplified documents (``text`` itself where OpenCC changes the length)."""
    # OpenCC takes UTF-8: a lone surrogate (from undecodable bytes) becomes U+FFFD, in place.
    converted = _t2s(SURROGATE_RE.sub("\ufffd", text))
    return converted if len(converted) == len(text) else text


SURROGATE_RE = regex.compile("[\ud800-\udfff]")


@cache
def simplified_only_re() -> regex.Pattern[str]:
    """A character that exists only as the simplified form of another (为, 们; not 个, 台, 后)."""
    from .resources import read_text

    chars = read_text("simplified_only.txt").splitlines()[-1]
    return regex.compile(f"[{regex.escape(chars)}]")


@cache
def purely_traditional(char: str) -> bool:
    """True for a character that is only the traditional form of its simplified one (開 of 开).

    A character that simplified text also uses in its own right is not (乾 in 乾坤 and in names
    like 王丙乾, 薹 in 菜薹, 拚 in 拚命): converting it would change correct text.
    """
    simplified = converter("t2s").convert(char)
    return simplified != char and converter("s2t").convert(simplified) == char


@cache
def yi_right() -> frozenset[str]:
    """Characters that follow 一 far more often than chance (measure words and fixed partners)."""
    return frozenset(row[0] for row in read_tsv("yi_right.tsv"))


@cache
def _bigrams() -> dict[str, int]:
    # Two columns and no blank inside a field: the body splits into pairs and counts (three
    # times as fast as row by row, and every pre-commit run loads it).
    from .resources import read_text

    text = read_text("bigrams.tsv")
    body = text[text.index("bigram\tcount\n") + len("bigram\tcount\n") :].split()
    return dict(zip(body[0::2], map(int, body[1::2]), strict=True))


def bigram_table() -> dict[str, int]:
    """The bigram counts themselves, for hot loops that look up many pairs."""
    return _bigrams()


def bigram_count(pair: str) -> int:
    """How often the Han bigram occurs in the shipped official documents (0: fewer than 5 times)."""
    return _bigrams().get(pair, 0)


@cache
def _word_shards() -> dict[str, str]:
    from .resources import read_text

    shards = {}
    for line in read_text("words.tsv").splitlines():
        if line and line[0] != "#":
            first, _, rest = line.partition("\t")
            shards[first] = rest
    shards.pop("first", None)
    return shards


_parsed: dict[str, tuple[dict[str, str], frozenset[str]]] = {}


def word(text: str) -> tuple[int, bool] | None:
    """``(frequency, is_name)`` of a dictionary word (jieba, THUOCL), or None."""
    group, names = _group(text[0])
    freq = group.get(text)
    return None if freq is None else (int(freq), text in names)


def char_word_freq(char: str) -> int:
    """The frequency of ``char`` as a one-character word (0 if it is none), read without
    parsing its group: the groups are sorted, so the character itself comes first."""
    group = _parsed.get(char)
    if group is not None:
        return int(group[0].get(char, 0))
    shard = _word_shards().get(char)
    if shard is None or (not shard.startswith(char + " ") and not shard.startswith(char + "\t")):
        return 0
    freqs = shard.split("\t", 2)[1]
    return int(freqs[: freqs.find(" ")] if " " in freqs else freqs)


def words_from(first: str) -> dict[str, str]:
    """The dictionary words that begin with ``first``, with their frequencies (as text).

    The 375 000 words are grouped by first character and a group is parsed on first use, so
    loading costs no more than reading the file, and a lookup is a dict access.
    """
    return _group(first)[0]


def names_from(first: str) -> frozenset[str]:
    """The proper names among the dictionary words that begin with ``first``."""
    return _group(first)[1]


def _group(first: str) -> tuple[dict[str, str], frozenset[str]]:
    group = _parsed.get(first)
    if group is None:
        words, _, rest = _word_shards().get(first, "\t\t").partition("\t")
        freqs, _, names = rest.partition("\t")
        group = (dict(zip(words.split(" "), freqs.split(" "), strict=True)), frozenset(names.split(" ")))
        _parsed[first] = group
    return group


@cache
def rare_bigrams() -> frozenset[str]:
    """Bigrams seen 2 to 4 times in the official documents (rarer than ``bigram_count`` knows)."""
    return frozenset(read_tsv("rare_bigrams.tsv")[0][0].split(" "))


@cache
def char_count(char: str) -> int:
    """How often a Han character occurs in the shipped official documents."""
    return _char_counts().get(char, 0)


@cache
def total_chars() -> int:
    """How many Han characters the shipped official documents hold."""
    return sum(_char_counts().values())


@cache
def _char_counts() -> dict[str, int]:
    return {row[0]: int(row[1]) for row in read_tsv("char_counts.tsv")}


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
