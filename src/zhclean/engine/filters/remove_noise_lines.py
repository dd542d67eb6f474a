"""Remove lines an OCR engine read out of speckle and smudges.

What it fixes: lines that belong to no sentence: a lone character (``全``, ``扣``), Han mixed
with digits or letters that form no number (``一于7了7``, ``下8二``, ``本53``), a few letters or
symbols alone (``Tt``, ``ee``, ``|``), and long runs of improbable characters broken by spaces with
no punctuation at all (``的的 交人生计半攻二牢全和 且汪全生生生生计``); and junk that trails a line
after a wide gap (``在全国发行。          |``). In an engine's structured output (hOCR, ALTO,
TSV, RapidOCR), also any line the engine read with a confidence below 10 %, and a mark in
front of a line whose box is a speck.

In a Chinese document that shows OCR damage elsewhere (any genre: verse is not hard-wrapped,
but Tesseract speckles it as much), a first pass judges tokens, the runs between spaces: marks
alone, a digit or two, one or two Latin letters, marks mixed with those, or up to three Han
characters among marks and digits that make no word (``人、，0``, ``ee，、``, ``汪汪``). A line of
two or more such tokens, one of them without Han, goes (``RS 2 汪汪 0 0 >``); so do junk tokens
that a wide gap sets apart from a real line's text, before it (no Han there: a Han token at a
line's start is often its sentence's tail) or after it (``当此际、争忍便成孤负。     和``).

Why: Tesseract reads dirt on the page as characters. Such lines sit between the real lines
of a paragraph and stop it from being rejoined.

Example:

>>> from zhclean import clean
>>> page = "要加强生态文明建设，协同推进降碳、减污、扩绿、增长，守护好\\n世界屋脊。\\n全\\n"
>>> clean(page, select=["remove-noise-lines"])
'要加强生态文明建设，协同推进降碳、减污、扩绿、增长，守护好\\n世界屋脊。\\n'

Safety: safe, and narrow on purpose. A lone character right after a line that stops
mid-sentence may be that sentence's last character, and stays. Only lines of hard-wrapped
prose are judged (a poem, a list or a table is left alone); a line with any punctuation, a
heading or list marker, a date, a number with its unit or beside a word (``523号公布``, the
end of a wrapped line), or a word of two or more Han characters alone (a name, a signature,
a short heading) is never removed. The token pass
never judges a heading or list item, a line with a word of three Latin letters or more
(``Pod``, ``API``), or a sentence's tail (``的。``); digits after a gap stay unless a mark ends the
text before them (a table of contents' page numbers).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING, NamedTuple

import regex

from ...core.chars import HAN
from ...core.edits import Edit
from ...core.lexicon import bigram_count, word
from ..layout import MIXED_NOISE, Line, measure, noise_kind, removal_span, split_lines

if TYPE_CHECKING:
    from ..context import Context

SIGNALS_DAMAGE = True  # its repairs show OCR or extraction damage (see Context.damage)

# Junk after a wide gap at a line end: one or two symbols, no Han, no digits.
TRAILING_JUNK_RE = regex.compile(
    r"(?<=[\u3002\uff01\uff1f\u201d\uff09\u300b])[ \t]{8,}[|\\/!lI1'`.,:;_~-]{1,2}[ \t]*$", regex.MULTILINE
)


LONE = "a lone character"


def _continues_previous(lines: list[Line], i: int) -> bool:
    """The line before runs on: a lone character after it may be the rest of its sentence."""
    prev = next((ln for ln in reversed(lines[:i]) if not ln.blank), None)
    return prev is not None and prev.has_han and not prev.terminal and not prev.heading_like


# --- speckle: tokens OCR read out of dirt ---------------------------------------------------
SPACE_RUN_RE = regex.compile("[ \t\u3000\x0c]+")
WIDE_GAP = 2  # spaces that set a token apart from the text (OCR puts one between words)
SYMBOLS_RE = regex.compile(r"[\p{P}\p{S}]+")
DIGITS_RE = regex.compile("[0-9]{1,2}")
LATIN_RE = regex.compile("[A-Za-z]{1,2}")  # (three letters are a word: Pod, API)
# Marks with a digit or two and at most two Latin letters, no Han.
MIXED_JUNK_RE = regex.compile(r"(?=.*\p{P})[\p{P}\p{S}0-9]*[A-Za-z]{0,2}[\p{P}\p{S}0-9]*")
# Up to three Han characters among marks and digits (人、，0 / 让， / 汪汪).
HAN_JUNK_RE = regex.compile(rf"[\p{{P}}\p{{S}}0-9]*(?:[{HAN}][\p{{P}}\p{{S}}0-9]*){{1,3}}")
HAN_RUN_RE = regex.compile(f"[{HAN}]{{2,}}")
WORD_PAIR = 20  # a pair of characters this common in the official documents is a word
# A line keeps text when it has at least this many Han characters besides its junk.
TEXT_HAN = 4


def _junk(token: str) -> bool:
    """A token no text is made of: marks alone, a digit or two, a few Latin letters, or up to
    three Han characters among marks and digits that make no word."""
    if SYMBOLS_RE.fullmatch(token) or DIGITS_RE.fullmatch(token) or LATIN_RE.fullmatch(token):
        return True
    if len(token) <= 6 and MIXED_JUNK_RE.fullmatch(token):
        return True  # ee，、 / 3. / .RE，
    if len(token) > 6 or not HAN_JUNK_RE.fullmatch(token):
        return False
    return not _has_word(token)


def _has_word(text: str) -> bool:
    """Two Han characters side by side that are a word (公布, 示例): text, not speckle."""
    pairs = [run[i : i + 2] for run in HAN_RUN_RE.findall(text) for i in range(len(run) - 1)]
    return any(bigram_count(pair) >= WORD_PAIR or _dictionary_word(pair) for pair in pairs)


def _dictionary_word(pair: str) -> bool:
    """A common word of the dictionary (示例, 详情), not a name (汪汪 is one, and speckle)."""
    found = word(pair)
    return found is not None and found[0] >= DICTIONARY_WORD and not found[1]


DICTIONARY_WORD = 50  # jieba frequency of a word that text, not speckle, is made of


# A line of a lone bar or angle (never a section break such as * * * or ———).
STRAY_MARK_RE = regex.compile(r"[|\\_<>\u4e28\uff5c]{1,2}")
# Two or more marks glued after a sentence's end: no sentence is there (。，:，.，:).
_MARK = "[\uff0c,.:;\uff1a\uff1b\u3001]"
MARKS_AFTER_STOP_RE = regex.compile(r"(?<=[\u3002\uff01\uff1f])[\uff0c,.:;\uff1a\uff1b\u3001 \t]++$")
_MARK_RE = regex.compile(_MARK)
DIGITS_ONLY_RE = regex.compile(r"[0-9 \t]+")
END_MARK_RE = regex.compile(r"\p{P}$")
SENTENCE_TAIL_RE = regex.compile(f"[{HAN}][\u3002\uff01\uff1f]")


def _not_han(token: str) -> bool:
    return HAN_CHAR_RE.search(token) is None


HAN_CHAR_RE = regex.compile(f"[{HAN}]")
TEXT_HAN_RE = regex.compile(f"(?:[^{HAN}]*+[{HAN}]){{{TEXT_HAN}}}")  # stops at the TEXT_HAN-th


def _tokens(line: Line) -> list[tuple[int, int]]:
    """(start, end) of each token of the line, in the text's coordinates."""
    out, pos = [], 0
    for m in SPACE_RUN_RE.finditer(line.body):
        if m.start() > pos:
            out.append((line.start + pos, line.start + m.start()))
        pos = m.end()
    if pos < len(line.body):
        out.append((line.start + pos, line.start + len(line.body)))
    return out


class Speckle(NamedTuple):
    """Junk to remove: a whole line (``line`` is its index) or the span ``start:end``."""

    start: int
    end: int
    reason: str
    line: int | None = None


def _speckle(text: str, lines: list[Line]) -> Iterator[Speckle]:
    """Whole lines of junk tokens, and junk set off at a line's edges."""
    for i, ln in enumerate(lines):
        if ln.blank or ln.heading_like:
            continue
        tokens = _tokens(ln)
        junk = [_junk(text[a:b]) for a, b in tokens]
        if all(junk):
            spread = len(tokens) >= 2 and all(b2 - a1 >= WIDE_GAP for (_, a1), (b2, _) in pairwise(tokens))
            if (
                len(tokens) >= 2
                and (spread or any(_not_han(text[a:b]) for a, b in tokens))
                and not SENTENCE_TAIL_RE.search(ln.body)
            ):
                yield Speckle(ln.start, ln.end, "tokens read out of speckle", i)
            elif len(tokens) == 1 and STRAY_MARK_RE.fullmatch(text[tokens[0][0] : tokens[0][1]]):
                yield Speckle(ln.start, ln.end, "a stray mark", i)
            continue

        # Junk at the line's start or end, set apart from the text by a wide gap.
        lead = 0  # (leading junk holds no Han: a Han token there is often a sentence's tail)
        while junk[lead] and _not_han(text[tokens[lead][0] : tokens[lead][1]]):
            lead += 1
        trail = len(tokens)
        while junk[trail - 1]:
            trail -= 1
        body = text[tokens[lead][0] : tokens[trail - 1][1]]
        if TEXT_HAN_RE.match(body) is None:  # fewer than TEXT_HAN Han characters
            continue
        if lead and tokens[lead][0] - tokens[lead - 1][1] >= WIDE_GAP:
            yield Speckle(ln.start, tokens[lead][0], "speckle before the text, after a wide gap")
        tail = text[tokens[trail][0] : ln.end] if trail < len(tokens) else ""
        tail_marks = None if tail else MARKS_AFTER_STOP_RE.search(text, tokens[lead][0], ln.end)
        if tail_marks and len(_MARK_RE.findall(tail_marks.group())) >= 2:
            yield Speckle(tail_marks.start(), tail_marks.end(), "marks after the end of a sentence")
        elif (
            tail
            and tokens[trail][0] - tokens[trail - 1][1] >= WIDE_GAP
            # Digits after a gap may be a table of contents' page: only after a mark.
            and (not DIGITS_ONLY_RE.fullmatch(tail) or END_MARK_RE.search(body))
        ):
            yield Speckle(tokens[trail - 1][1], ln.end, "speckle after the text, after a wide gap")


def remove_speckle(text: str, ctx: Context) -> Iterator[Edit]:
    """First pass: speckle tokens, in a document that shows OCR damage."""
    if not ctx.shows_damage(text) or HAN_CHAR_RE.search(text) is None:
        return  # speckle is told from a Chinese document's text; other text is left alone
    lines = split_lines(text)
    whole: dict[int, str] = {}
    for junk in _speckle(text, lines):
        if junk.line is not None:
            whole[junk.line] = junk.reason
        elif junk.start < junk.end:
            yield Edit(junk.start, junk.end, "", f"{junk.reason}: {text[junk.start : junk.end].strip()!r}")
    for i, reason in whole.items():
        start, end = removal_span(lines, i, whole)
        yield Edit(start, end, "", f"noise line {lines[i].stripped!r}: {reason}")


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    lines = split_lines(text)
    for m in TRAILING_JUNK_RE.finditer(text):
        yield Edit(m.start(), m.end(), "", f"junk {m.group().strip()!r} after a wide gap")
    if len(lines) < 2:
        return
    shape = measure(text, lines)
    if not shape.wrapped:
        return
    noise: dict[int, str] = {}
    for i, ln in enumerate(lines):
        kind = noise_kind(ln)
        if kind is None:
            continue
        if kind == LONE and _continues_previous(lines, i):
            continue  # the last character of a wrapped line (…第三世界国家 / 的)
        if kind == MIXED_NOISE and _has_word(ln.stripped):
            continue  # the end of a wrapped line: …国务院令第 / 523号公布
        noise[i] = kind
    junk_lines = {text.count("\n", 0, m.start()) for m in TRAILING_JUNK_RE.finditer(text)}
    for i, kind in noise.items():
        if i in junk_lines:
            continue
        start, end = removal_span(lines, i, noise)
        yield Edit(start, end, "", f"noise line {lines[i].stripped!r}: {kind}")


# --- the engine's own doubt (structured input) ------------------------------------------------
# A line the engine read with a mean confidence below this is speckle whatever its text looks
# like: Tesseract's correct lines sit at 0.8-0.96, its misread ones rarely below 0.2, and the
# lines it made of a speckled picture at 0.00-0.09 (``bench/docs/layout``: 45 such lines, of
# which none was text).
UNSURE = 0.1


def remove_unsure_lines(text: str, ctx: Context) -> Iterator[Edit]:
    """Lines the engine itself was nearly sure are not text (hOCR ``x_wconf``, ALTO ``WC``,
    TSV ``conf``, RapidOCR's score)."""
    if not ctx.confidence:
        return
    lines = split_lines(text)
    unsure: dict[int, str] = {}
    for i, ln in enumerate(lines):
        if ln.blank:
            continue
        sure = ctx.line_confidence(ln.start)
        if sure is None or sure >= UNSURE:
            continue
        unsure[i] = f"the engine's confidence in it is {sure:.0%}"
    for i, reason in unsure.items():
        start, end = removal_span(lines, i, unsure)
        yield Edit(start, end, "", f"noise line {lines[i].stripped!r}: {reason}")


def remove_specks(text: str, ctx: Context) -> Iterator[Edit]:
    """Marks in front of a line that the engine's boxes show to be a speck (``”第五条`` where
    the box of ``”第`` is 2x2 px): the line's text starts after them."""
    if not ctx.specks:
        return
    for ln in split_lines(text):
        lead = len(ln.body) - len(ln.body.lstrip("\x0c"))
        speck = ctx.speck(ln.start + lead)
        if speck is None:
            continue
        count, why = speck
        start = ln.start + lead
        marks = text[start : start + count]
        if len(marks) != count or marks.strip(SPECK_MARKS):
            continue  # an earlier edit changed what stands there
        end = start + count
        while end < ln.end and text[end] in " \t":
            end += 1
        yield Edit(start, end, "", f"speck read as {marks!r} in front of the line: {why}")


SPECK_MARKS = "\u201d\u201c\"'_:.,*`~\u2018\u2019"

PASSES = (remove_unsure_lines, remove_specks, remove_speckle, propose)
