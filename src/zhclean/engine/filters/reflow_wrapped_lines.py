"""Join lines that the page edge broke back into their paragraph.

What it fixes: in hard-wrapped text (OCR output, text copied from a PDF), a line that reaches
the page width goes on in the next line. Such lines are joined, with no space between Han
characters; a Latin word split by a hyphen at the line end is rejoined (``docu-`` + ``ment``);
two Latin words get one space. A line that starts with a mark no Chinese line may start with
(``，`` ``。`` ``、`` ``）`` ``”`` ...) is joined to the line before it in hard-wrapped text, and so
is a line after one that cannot end a paragraph: one that ends with ``、`` or with a bracket or
quote opened near its end and not closed; these (``、`` only in a long running paragraph), an
article number alone (``第三十二条 ``), and a long paragraph (40 characters or more, with
commas: no heading is that long) cut inside a word (the characters on either side are a pair
the official documents use at least 20 times: ``适当控`` / ``制信贷规模``), even across one blank
line.

Why: a paragraph broken into printed lines cannot be searched, counted or read as text, and
every later filter sees its sentences cut in two.

Example:

>>> from zhclean import clean
>>> text = (
...     "要因地制宜发展高原特色优势产业，特别是特色农牧业和清洁能源产业，持续发展资源加工业，积极发展\\n"
...     "现代服务业，促进文旅产业融合。要有力有序有效推进雅下水电工程、川藏铁路等重大项\\n"
...     "目建设。\\n"
... )
>>> clean(text, select=["reflow-wrapped-lines"])
'要因地制宜发展高原特色优势产业，特别是特色农牧业和清洁能源产业，持续发展资源加工业，积极发展现代服务业，促进文旅产业融合。要有力有序有效推进雅下水电工程、川藏铁路等重大项目建设。\\n'

Safety: safe. The document's own shape decides: only a line as wide as the document's full
lines is joined to the next (see ``layout.measure``: at least two distinct lines share a
width of 20 to 100 Han characters and hardly any line is wider). Line structure survives:
headings and list items, indented paragraph starts, table rows (columns of spaces), verse and
addresses (narrower than a printed line), and blank-line paragraph breaks, unless the line
before the blank runs on mid-sentence at full width. In an OCR engine's structured output, a
line its boxes show indented is a paragraph start, whatever its text.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from ...core.chars import HAN
from ...core.edits import Edit
from ...core.lexicon import bigram_count
from ..layout import (
    ARTICLE_NUMBER_ONLY_RE,
    CLAUSE_MARK_RE,
    MIN_SLACK,
    Line,
    Shape,
    line_edge,
    measure,
    split_lines,
)

if TYPE_CHECKING:
    from ..context import Context

SIGNALS_DAMAGE = True  # its repairs show OCR or extraction damage (see Context.damage)

# Marks that may not begin a line in Chinese typesetting (line-start prohibition).
NO_LINE_START = "\uff0c\u3002\u3001\uff1b\uff1a\uff1f\uff01\uff09\u300b\u201d\u2019\u300d\u300f\u3011\u2026"
TABLE_RE = regex.compile(r"\S(?:\t| {2,}|\u3000{2,})\S.*\S(?:\t| {2,}|\u3000{2,})\S")
LATIN_END_RE = regex.compile(r"[A-Za-z0-9]$")
LATIN_START_RE = regex.compile(r"^[A-Za-z0-9]")
HYPHENATED_RE = regex.compile(r"[A-Za-z]-$")
# A line this wide (40 Han characters) with commas is a paragraph, never a heading.
LONG_PARAGRAPH = 80
HAN_PAIR_RE = regex.compile(f"[{HAN}]{{2}}")
# A pair of characters seen this often in the official documents is a word, not a junction.
WORD_PAIR = 20
# An opening bracket or quote this close to the line end, still open, is cut off by the break.
MAX_OPEN_TAIL = 12
CONTINUE_RE = regex.compile(f"[{HAN}{NO_LINE_START}0-9A-Za-z%\uff05\u201c\u300a\uff08(\u2014]")


KEEP_EVIDENCE = ("indent",)


def _table_row(line: Line) -> bool:
    return TABLE_RE.search(line.stripped) is not None


def _joinable(shape: Shape, cur: Line, nxt: Line, starts_paragraph: bool = False) -> bool:
    if nxt.blank or nxt.heading_like or _table_row(nxt) or _table_row(cur):
        return False
    if not cur.has_han:
        return False
    if nxt.indented and not (shape.wrapped and shape.full(cur) and not cur.terminal):
        # An indent starts a paragraph, unless the line before stopped mid-sentence at the page
        # edge: then it is OCR's (Tesseract reads specks in the margin as spaces).
        return False
    if nxt.stripped[0] in NO_LINE_START:
        return shape.wrapped  # in text that is not hard-wrapped, the break is the author's
    if cur.terminal and _heading_after_sentence(shape, nxt):
        return False
    if CONTINUE_RE.match(nxt.stripped) is None:
        return False
    return _reaches_edge(shape, cur, nxt, starts_paragraph) or _cut_word_in_wrapped(shape, cur, nxt)


def _heading_after_sentence(shape: Shape, nxt: Line) -> bool:
    """After a sentence's end, a short line without punctuation at its end is a heading (概念),
    not the last line of the paragraph, which ends a sentence too."""
    return not shape.full(nxt) and not nxt.ends_with_mark


# A paragraph's first line is indented by two Han characters in print (OCR drops the indent).
INDENT = 4
LATIN_WORD_RE = regex.compile(r"[A-Za-z0-9][A-Za-z0-9._/:-]*")
LATIN_PRINT_WIDTH = 1.2


def _reaches_edge(shape: Shape, cur: Line, nxt: Line, starts_paragraph: bool) -> bool:
    """The line went as far as the page let it: it is full, or, stopping mid-sentence, it is
    a paragraph's first line full but for its indent, or the next line's first Latin word would
    not have fitted after it."""
    if shape.full(cur):
        return True
    if not shape.wrapped or cur.terminal or (cur.heading_like and not cur.article):
        return False
    if _full_with_wide_digits(shape, cur) or _full_with_word_gaps(shape, cur):
        return True
    if (starts_paragraph or cur.article) and shape.full_at(cur.width + INDENT):
        return True
    # Latin letters print wider than half a Han character in most fonts (m, W, capitals), so
    # the word counts at LATIN_PRINT_WIDTH columns a letter, and the line would have been full.
    word = LATIN_WORD_RE.match(nxt.stripped)
    return word is not None and shape.full_at(cur.width + LATIN_PRINT_WIDTH * len(word.group()))


# A Latin word set among Han characters: print puts a gap on either side, which OCR drops.
GAPLESS_LATIN_RE = regex.compile(rf"(?<=[{HAN}])[A-Za-z]|[A-Za-z](?=[{HAN}])")


def _full_with_word_gaps(shape: Shape, cur: Line) -> bool:
    """Full once the gaps that print puts between Latin words and Han characters, and OCR reads
    as nothing, are counted (一个 Pod 的 → 一个Pod的): a column each."""
    gaps = len(GAPLESS_LATIN_RE.findall(cur.body))
    return bool(gaps) and shape.full_at(cur.width + gaps)


DIGIT_RE = regex.compile("[0-9]")
SPACED_DIGITS_RE = regex.compile("(?<=[0-9]) +(?=[0-9])")


def _full_with_wide_digits(shape: Shape, cur: Line) -> bool:
    """Full if its digits were printed full-width (２０２３, as official documents print them)
    and read as ASCII: each takes two columns in print, one in the text, and the spaces OCR
    reads between them are not on the page."""
    digits = len(DIGIT_RE.findall(cur.body))
    return bool(digits) and shape.full_at(cur.width + digits - len(SPACED_DIGITS_RE.findall(cur.body)))


# A line this share of the wrap width, cut inside a word, was broken by the page edge: a first
# line short by its paragraph indent (which OCR drops), a line of narrow Latin letters.
CUT_WORD_SHARE = 0.6


def _cut_word_in_wrapped(shape: Shape, cur: Line, nxt: Line) -> bool:
    """In hard-wrapped text, a line that stops inside a word (the characters on either side of
    the break are a pair the official documents use at least WORD_PAIR times: 进|行, 删|除) or
    inside a number."""
    if not shape.wrapped or cur.terminal or cur.heading_like or cur.width < shape.wrap_width * CUT_WORD_SHARE:
        return False
    left = cur.body.rstrip(" \t\u3000")
    if NUMBER_END_RE.search(left) and nxt.stripped[:1].isdigit() and nxt.stripped[:1].isascii():
        return True  # a number cut in two (27，203，319，0 | 00元): its digits print wider than read
    return _word_pair(left, nxt)


def _word_pair(left: str, nxt: Line) -> bool:
    """The characters on either side of the break are a word's (控|制, 继|续)."""
    pair = left[-1:] + nxt.stripped[:1]
    return HAN_PAIR_RE.fullmatch(pair) is not None and bigram_count(pair) >= WORD_PAIR


NUMBER_END_RE = regex.compile(r"[0-9][0-9，,.]*$")


# A line that ends with one of these, or with a bracket or quote still open, cannot end a
# paragraph: its sentence goes on in the next line.
# (A comma does not count: verse lines, and paragraphs that introduce a list, end with one.)
RUNS_ON_RE = regex.compile("[\u3001\u201c\uff08\u300a\u2018\u300c]$")
OPEN_CLOSE = (("\uff08", "\uff09"), ("\u300a", "\u300b"), ("\u201c", "\u201d"))


def _runs_on(line: Line, across_blank: bool = False) -> bool:
    body = line.body.rstrip(" \t\u3000")
    if not body or (line.heading_like and not line.article):
        return False
    if ARTICLE_NUMBER_ONLY_RE.fullmatch(line.body):
        return True
    if RUNS_ON_RE.search(body) and (not across_blank or _running_paragraph(line)):
        return True
    tail = body[-MAX_OPEN_TAIL:]
    return any(tail.rfind(o) > tail.rfind(c) for o, c in OPEN_CLOSE)


def _comma_in_wrapped(shape: Shape, line: Line) -> bool:
    """In hard-wrapped prose (verse is never measured so), a line that ends with a comma:
    no paragraph ends there."""
    return shape.wrapped and not line.heading_like and line.body.rstrip(" \t\u3000").endswith("\uff0c")


def _running_paragraph(line: Line) -> bool:
    """Long and with commas: running text, never a heading (卷烟纸、滤嘴棒、烟用丝束、 is one)."""
    return line.width >= LONG_PARAGRAPH and "\uff0c" in line.body


def _word_cut(line: Line, after: Line) -> bool:
    """A long running paragraph (no heading is this long) cut off inside a word: the two
    characters on either side of the break are a common pair (控|制, 继|续)."""
    body = line.body.rstrip(" \t\u3000")
    if not _running_paragraph(line) or line.terminal:
        return False
    return _word_pair(body, after)


def _continues(line: Line) -> bool:
    return (
        not line.blank
        and not line.heading_like
        and not line.indented
        and CONTINUE_RE.match(line.stripped) is not None
    )


def _join(text: str, cur: Line, nxt: Line, reason: str = "line broken at the page edge") -> Edit:
    left = cur.body.rstrip(" \t\u3000")
    start = cur.start + len(left)
    end = nxt.start + (len(nxt.body) - len(nxt.body.lstrip(" \t\x0c")))
    if HYPHENATED_RE.search(left) and nxt.stripped[:1].islower():
        return Edit(start - 1, end, "", "line broken inside a hyphenated Latin word")
    if (
        LATIN_END_RE.search(left)
        and LATIN_START_RE.search(nxt.stripped)
        and not (left[-1].isdigit() and nxt.stripped[0].isdigit())
    ):
        return Edit(start, end, " ", "line broken between two Latin words")
    if ARTICLE_NUMBER_ONLY_RE.fullmatch(cur.body):
        return Edit(start, end, " ", "an article's number alone, broken from its text")
    if "\x0c" in text[start:end]:
        return Edit(start, end, "", "paragraph broken by a page break")
    return Edit(start, end, "", reason)


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    if "\n" not in text:
        return
    lines = split_lines(text)
    shape = measure(text, lines)
    cut_verse = set() if shape.wrapped else set(_cut_verse(lines))
    artefacts: bool | None = None  # whether blank lines are an engine's (judged when needed)
    for i in range(len(lines) - 1):
        cur, nxt = lines[i], lines[i + 1]
        if cur.blank:
            continue
        if i in cut_verse:
            yield _join(text, cur, nxt, "a line broken at the page edge, in text whose lines end at marks")
            continue
        if not nxt.blank:
            if nxt.stripped[0] in NO_LINE_START and not shape.wrapped:
                continue  # text that is not hard-wrapped: the break is the author's
            starts = i == 0 or lines[i - 1].blank or lines[i - 1].terminal
            if _joinable(shape, cur, nxt, starts) or (
                (_runs_on(cur) or _comma_in_wrapped(shape, cur)) and _continues(nxt)
            ):
                if ctx.breaks and ctx.break_evidence(cur.end, _text_start(nxt)) in KEEP_EVIDENCE:
                    continue  # the engine's boxes show the next line indented: a paragraph starts
                yield _join(text, cur, nxt)
            elif ctx.breaks and _wrapped_in_the_boxes(ctx, cur, nxt):
                if not cur.terminal:
                    yield _join(text, cur, nxt, "the engine's boxes show a line wrapped at the right edge")
                    continue
                after = lines[i + 2] if i + 2 < len(lines) else None
                if (
                    ctx.indented
                    and after is not None
                    and ctx.break_evidence(nxt.end, _text_start(after)) == "wrap"
                ):
                    yield _join(text, cur, nxt, "a full line that ends a sentence, the next not indented")
            continue
        # One blank line is a paragraph boundary (in Markdown always). Joined only with
        # evidence: a long paragraph cut inside a word (适当控 / 制信贷规模), or, where the
        # document's blank lines are an engine's artefact (most fall mid-sentence at full width),
        # a full line that stops mid-sentence or a line that stops where no paragraph can end.
        after = lines[i + 2] if i + 2 < len(lines) else None
        if after is None or after.blank or not cur.has_han or ctx.config.markdown:
            continue
        if _word_cut(cur, after) and _continues(after):
            yield _join(text, cur, after)
            continue
        if artefacts is None:
            artefacts = _blank_lines_are_artefacts(lines, shape)
        if artefacts and (
            (shape.full(cur) and not cur.terminal and _joinable(shape, cur, after))
            or (_runs_on(cur, across_blank=True) and _continues(after))
        ):
            yield _join(text, cur, after)


def _wrapped_in_the_boxes(ctx: Context, cur: Line, nxt: Line) -> bool:
    """The engine's boxes show ``cur`` reaching the right edge and ``nxt`` starting flush
    (engine.geometry's ``wrap``), where the text rules kept the break (a speck read in front
    of the next line, a Latin word too wide to judge the line full). A line that stops
    mid-sentence goes on. One that ends a sentence goes on only in a document whose paragraphs
    start indented (plain text cannot tell; the boxes can), and not where the next line is
    itself a paragraph's last line: a one-line paragraph after a full one (苏佩维埃尔) looks
    the same (the caller asks that the next line is wrapped too). Never before a heading."""
    if not cur.has_han or nxt.blank or nxt.heading_like:
        return False
    return ctx.break_evidence(cur.end, _text_start(nxt)) == "wrap"


def _text_start(line: Line) -> int:
    """Where a line's text starts, past the form feed that starts a page."""
    return line.start + len(line.body) - len(line.body.lstrip("\x0c"))


def _blank_lines_are_artefacts(lines: list[Line], shape: Shape) -> bool:
    """Whether most of the document's single blank lines between two lines of text fall inside a
    sentence at full width (an engine's paragraph detection, not the author's paragraphs)."""
    if not shape.wrapped:
        return False  # no page width, so no line is known to be full
    gaps = inside = 0
    for before, blank, after in zip(lines, lines[1:], lines[2:], strict=False):
        if not blank.blank or before.blank or after.blank or not before.has_han:
            continue
        gaps += 1
        # A line with no clause mark in it is not known to be mid-sentence: a headline (扎根高原
        # 三十载 只为满城花香来) is as wide as the next one and ends with none.
        if shape.full(before) and not before.ends_with_mark and CLAUSE_MARK_RE.search(before.body):
            inside += 1
    return inside >= ARTEFACT_GAPS and 2 * inside >= gaps


ARTEFACT_GAPS = 2  # blank lines inside sentences that show them an engine's


RARE_COMMA_END_SHARE = 0.05


def _cut_verse(lines: list[Line]) -> Iterator[int]:
    """In text whose lines end at punctuation, a line at the page edge that stops without any
    goes on in the next line, which ends with one (谈笑的鸿儒 / 做伴的茶药琴棋笔砚书。); so does
    one that stops at a comma, in a text whose other lines hardly ever do."""
    edge = line_edge(lines)
    if not edge:
        return
    # If the narrower lines hardly ever end with a comma, one at the edge was cut there too.
    narrow = [ln for ln in lines if ln.has_han and ln.width < edge - MIN_SLACK]
    commas = sum(1 for ln in narrow if ln.body.rstrip().endswith("\uff0c"))
    comma_cut = commas <= len(narrow) * RARE_COMMA_END_SHARE
    for cur, nxt in itertools.pairwise(lines):
        end = cur.body.rstrip()
        if (
            cur.width >= edge - MIN_SLACK
            and not cur.heading_like
            and (not cur.ends_with_mark or (comma_cut and end.endswith("\uff0c")))
            and _continues(nxt)
            and nxt.has_han
            and nxt.ends_with_mark
        ):
            yield cur.index
