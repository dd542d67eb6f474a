"""Repair characters OCR misread as a look-alike, where the evidence is overwhelming.

What it fixes: a character that fits neither of its neighbours, when a look-alike or variant
form of it does: ``扞卫`` → ``捍卫`` (扞 is a rare variant of 捍, and 捍卫 is a word),
``问霄于民`` → ``问需于民`` when the document itself writes 问需于民 elsewhere.

Why: OCR reads a character as another of similar shape; a single wrong character spoils a word.
A user trusts the tool only if it never "corrects" right text, so precision comes first.

Example:

>>> from zhclean import clean
>>> clean("我们要更加自觉忠诚扞卫“两个确立”。", select=["fix-lookalike-chars"])
'我们要更加自觉忠诚捍卫“两个确立”。'
>>> clean("主动问计于民、问霄于民。深入群众，问需于民。", select=["fix-lookalike-chars"])
'主动问计于民、问需于民。深入群众，问需于民。'

Safety: safe, and deliberately narrow. A character is judged only if it fits neither neighbour
(the pair is not attested in the official documents); a pair the document writes again is
never touched (two countries, 中哈 beside 中塔, are not a misreading). An edit needs one
candidate and one of: the document itself writes the corrected phrase elsewhere and the two
glyphs are near-identical (stroke orders), or the character is a variant whose standard form
(Unihan, confirmed by OpenCC's tables) makes an attested word with a neighbour. Nothing weaker
is applied or suggested: measured on the news transcripts, bigram evidence alone "corrected"
夫人, 她们 and 复工复产. Candidates come from shape tables (Unihan four-corner codes and
variants, pycorrector's same_stroke groups); the confusions real engines make (目动 for 自动)
are mostly not there.

Data: ``data/confusions.tsv``, ``data/bigrams.tsv``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

import regex

from ..chars import HAN
from ..core import Edit, Safety
from ..lexicon import bigram_count, bigram_table
from ..resources import read_tsv

if TYPE_CHECKING:
    from ..pipeline import Context

HAN_RE = regex.compile(f"[{HAN}]")
FITS = 5  # a pair seen this often in the official documents is Chinese
STRONG = 20  # evidence a candidate needs on a side
WINDOW = 2  # characters each side that make a phrase for the document's own evidence
# The document's own evidence counts only for near-identical glyphs (霄/需 0.88, but not 至/到,
# 金/铜 or 温/高, which are different words that both fit).
DOCUMENT_ALIKE = 0.85
HAN_RUN_RE = regex.compile(f"[{HAN}]+")


@cache
def _table() -> dict[str, tuple[str, str]]:
    return {row[0]: (row[1], row[2]) for row in read_tsv("confusions.tsv")}


@cache
def _glyphs() -> dict[str, tuple[str, str]]:
    return {row[0]: (row[1], row[2]) for row in read_tsv("glyphs.tsv")}


def similarity(a: str, b: str) -> float:
    """How alike two characters look: their stroke orders' edit distance, with a bonus for a
    shared first component. 0 when either is unknown."""
    glyphs = _glyphs()
    ga, gb = glyphs.get(a), glyphs.get(b)
    if ga is None or gb is None:
        return 0.0
    (oa, ca), (ob, cb) = ga, gb
    dist = _levenshtein(oa, ob)
    score = 1.0 - dist / max(len(oa), len(ob))
    if ca and ca == cb:
        score += 0.15
    return score


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _pair(a: str, b: str) -> int:
    return bigram_count(a + b) if a and b else 0


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    table = _table()
    counts = bigram_table()
    doc: Counter[str] | None = None  # the document's own Han bigrams, counted once when needed
    for m in HAN_RUN_RE.finditer(text):
        run, base = m.group(), m.start()
        for k in range(len(run)):
            wrong = run[k]
            left = run[k - 1] if k else ""
            right = run[k + 1] if k + 1 < len(run) else ""
            if wrong not in table or not (left or right):
                continue
            if counts.get(left + wrong, 0) >= FITS or counts.get(wrong + right, 0) >= FITS:
                continue  # the character fits a neighbour (the common case, decided fast)
            if doc is None:
                doc = _doc_bigrams(text)
            edit = _judge(text, doc, run, base, k, wrong, left, right, table)
            if edit is not None:
                yield edit


def _doc_bigrams(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for m in HAN_RUN_RE.finditer(text):
        run = m.group()
        counts.update(run[i : i + 2] for i in range(len(run) - 1))
    return counts


def _judge(text, doc, run, base, k, wrong, left, right, table):  # type: ignore[no-untyped-def]
    i = base + k
    lo, hi = max(0, k - WINDOW), min(len(run), k + WINDOW + 1)
    phrase = run[lo:hi]
    if doc[left + wrong] >= 2 or doc[wrong + right] >= 2:
        return None  # the document pairs it so again: written on purpose (中哈 beside 中塔)
    variants, shapes = table[wrong]
    found = []
    for cand in dict.fromkeys(variants + shapes):
        fixed = phrase[: k - lo] + cand + phrase[k - lo + 1 :]
        sl, sr = _pair(left, cand), _pair(cand, right)
        in_document = (
            len(fixed) >= 4
            and (not left or doc[left + cand] >= 1)
            and (not right or doc[cand + right] >= 1)
            and similarity(wrong, cand) >= DOCUMENT_ALIKE
            and fixed in text
        )
        if in_document:
            found.append((3, cand, f"{wrong} for {cand}: the document writes {fixed}"))
        elif cand in variants and _standard_form(wrong) == cand and max(sl, sr) >= STRONG:
            found.append((2, cand, f"{wrong}, a variant of {cand}, in {_word(left, cand, right, sl, sr)}"))
    if not found:
        return None
    best = max(level for level, _, _ in found)
    top = [f for f in found if f[0] == best]
    if len(top) != 1:
        return None  # several candidates: no way to choose
    level, cand, reason = top[0]
    return Edit(i, i + 1, cand, reason, Safety.SAFE if level >= 2 else Safety.UNSAFE)


@cache
def _standard_form(char: str) -> str:
    """The standard form OpenCC's t2s tables give a variant (捍 for 扞); the character itself
    for one that is not a variant (她), and for a plain traditional character (們: that is the
    business of convert-stray-traditional, and right in a traditional document)."""
    import opencc

    standard = opencc.OpenCC("t2s").convert(char)
    if standard != char and opencc.OpenCC("s2t").convert(standard) == char:
        return char
    return standard


def _word(left: str, char: str, right: str, sl: int, sr: int) -> str:
    return left + char if sl >= sr else char + right
