"""Lines and the shape of a document: what the layout filters share.

OCR returns text the way it was printed. Whether a line was broken by the page edge, whether a
short line is a page number or a heading, all depend on the document's own shape: how wide its
full lines are, which lines are prose. This module measures that once per text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import regex

from ..core.chars import CJK_STOPS, HAN, HSPACE

# --- line classes -------------------------------------------------------------------------------
_HAN_NUM = "\u3007\u96f6\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341\u767e\u5343"
# Headings and list items: 第一章 / 第3条 / 一、 / （一） / (1) / 1. / 1、 / ① / • / - item
HEADING_RE = regex.compile(
    rf"[ \t\u3000\x0c]*(?:"
    rf"\u7b2c[0-9{_HAN_NUM}]+[\u7ae0\u8282\u6761\u7f16\u90e8\u5206\u7bc7\u5377\u8bb2]"
    rf"|[{_HAN_NUM}]+[\u3001.\uff0e]"
    rf"|[(\uff08][{_HAN_NUM}0-9]+[)\uff09]"
    rf"|[0-9]+(?:\.[0-9]+)*[.\u3001\uff0e](?![0-9])"
    rf"|[\u2460-\u2473\u2776-\u277f]"
    rf"|[\u2022\u25cf\u25a0\u25c6\u2605\u203b*\u00b7][ \t]|-[ \t](?![-\u2014])"
    rf")"
)
ARTICLE_START_RE = regex.compile(rf"[ \t\u3000]*\u7b2c[0-9{_HAN_NUM}]+\u6761")
# An article number alone, with the space that its text should follow (第三十二条 ).
ARTICLE_NUMBER_ONLY_RE = regex.compile(rf"[ \t\u3000]*\u7b2c[0-9{_HAN_NUM}]+\u6761[ \u3000]+")
# Marks that end a sentence, possibly followed by closing quotes or brackets.
TERMINAL_RE = regex.compile(
    r"[\u3002\uff01\uff1f!?\u2026.;\uff1b:\uff1a][\u201d\u2019\u300d\u300f\uff09)\u300b\"']*$"
)
PUNCT_RE = regex.compile(f"[{CJK_STOPS},.;:!?\u201c\u201d\u300a\u300b\uff08\uff09()]")
HAN_RE = regex.compile(f"[{HAN}]")
INDENT_RE = regex.compile("[ \t\u3000]+")
HSPACE_RUN_RE = regex.compile(f"[{HSPACE}]+")


CJK_GAP_RE = regex.compile(rf"(?<=[{HAN}{CJK_STOPS}]) +(?=[{HAN}{CJK_STOPS}])")
WIDE_RE = regex.compile(r"[\p{East_Asian_Width=Wide}\p{East_Asian_Width=Fullwidth}]+")  # runs


# Lines longer than this (in characters) are wider than any wrap width (MAX_WRAP columns, with
# slack) whatever their characters, so their exact width is never needed.
EXACT_WIDTH = 300


def display_width(text: str) -> int:
    """Columns the text takes in print: wide and full-width characters count two."""
    return len(text) + sum(map(len, WIDE_RE.findall(text)))


class SentenceLines:
    """Which lines of a text are running sentences (contain one of ``marks``), by position.

    Each line is looked at once, however many positions in it are asked about.
    """

    def __init__(self, text: str, marks: regex.Pattern[str]) -> None:
        from ..core.edits import LineIndex

        self.text = text
        self.marks = marks
        self.index = LineIndex(text)
        self._sentence: dict[int, bool] = {}
        self._ends: dict[int, int] = {}
        self._body: dict[int, int] = {}

    def bounds(self, pos: int) -> tuple[int, int]:
        _, column = self.index.position(pos)
        start = pos - column + 1
        end = self._ends.get(start)
        if end is None:  # searched once per line: a line of many spaces is not read per space
            found = self.text.find("\n", pos)
            end = self._ends[start] = len(self.text) if found == -1 else found
        return start, end

    def body_start(self, pos: int) -> int:
        """Where the text of the line holding ``pos`` starts, after its indentation."""
        start, end = self.bounds(pos)
        body = self._body.get(start)
        if body is None:
            m = HSPACE_RUN_RE.match(self.text, start, end)
            body = self._body[start] = m.end() if m else start
        return body

    def is_sentence(self, pos: int) -> bool:
        start, end = self.bounds(pos)
        known = self._sentence.get(start)
        if known is None:
            known = self._sentence[start] = self.marks.search(self.text, start, end) is not None
        return known


T = TypeVar("T")


class _cached(Generic[T]):  # a decorator: named like one
    """``functools.cached_property`` without its lock (Python 3.11 takes one on every first
    access, and a document has hundreds of thousands of lines): the value goes into the
    instance's ``__dict__``, which later lookups find first."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj: Any, owner: type | None = None) -> T:
        if obj is None:
            return self  # type: ignore[return-value]
        value: T = self.fn(obj)
        obj.__dict__[self.name] = value
        return value


@dataclass(frozen=True)
class Line:
    """One line of a text: ``text[start:end]`` without its line end."""

    index: int
    start: int
    end: int  # before the line end
    next_start: int  # after the line end (== end at the end of the text)
    body: str

    @_cached
    def stripped(self) -> str:
        return self.body.strip(" \t\u3000\u00a0\x0c")  # a form feed (page break) is no text

    @property
    def blank(self) -> bool:
        return not self.stripped

    @_cached
    def width(self) -> int:
        """Columns the line takes in print: without its indent and the spaces OCR puts between
        Chinese characters (specks in the margin, gaps between text boxes), which the page had
        not."""
        body = self.body.strip(" \t\u3000\u00a0\x0c")
        if len(body) > EXACT_WIDTH:
            return 2 * len(body)  # far wider than any wrap width: an upper bound will do
        if " " in body:
            body = CJK_GAP_RE.sub("", body)
        return display_width(body)

    @_cached
    def has_han(self) -> bool:
        return HAN_RE.search(self.body) is not None

    @property
    def indented(self) -> bool:
        """A paragraph indent: an ideographic space, a tab, or two spaces (one is OCR noise)."""
        return self.body.startswith(("\u3000", "\t", "  "))

    @_cached
    def heading_like(self) -> bool:
        return HEADING_RE.match(self.body) is not None

    @property
    def article(self) -> bool:
        """A law article (第十条 ...): numbered, but prose, not a heading."""
        return ARTICLE_START_RE.match(self.body) is not None

    @_cached
    def terminal(self) -> bool:
        return TERMINAL_RE.search(self.body.rstrip()) is not None

    @_cached
    def ends_with_mark(self) -> bool:
        """Ends with any punctuation mark (maybe before a closing quote or bracket)."""
        return LINE_END_PUNCT_RE.search(self.body.rstrip()) is not None


# The lines and the shape of the last text asked about. The filters of a pipeline round see the
# same text object until one of them edits it, and each splits and measures it (with every
# line's width): they share one view. Keyed by identity, so an edited text is a new key; the
# views are never modified by their users.
_LAST_LINES: tuple[str, list[Line]] | None = None
_LAST_SHAPE: tuple[str, Shape] | None = None


def split_lines(text: str) -> list[Line]:
    """The lines of ``text`` (shared with the last caller that asked about the same text)."""
    global _LAST_LINES
    last = _LAST_LINES
    if last is not None and last[0] is text:
        return last[1]
    lines = _split_lines(text)
    _LAST_LINES = (text, lines)
    return lines


def _split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl == -1:
            end = next_start = n
        else:
            next_start = nl + 1
            end = nl - 1 if nl > pos and text[nl - 1] == "\r" else nl
        lines.append(Line(len(lines), pos, end, next_start, text[pos:end]))
        if nl == -1:
            break
        pos = next_start
    return lines


@dataclass(frozen=True, slots=True)
class Shape:
    """How a document is laid out: its wrap width, if its prose is hard-wrapped."""

    lines: list[Line]
    wrap_width: int  # display columns of a full line; 0 if the text is not hard-wrapped

    @property
    def wrapped(self) -> bool:
        return self.wrap_width > 0

    def full(self, line: Line) -> bool:
        """A line that reaches the wrap width: the printed line went on to the next.

        A line that ends a sentence may also end its paragraph; it counts as full only when it
        reaches the width almost exactly. A line far wider than the page is printed lines joined
        already: it is full if the last of them reached the edge (its width is near a multiple
        of the wrap width), not if it ends with a paragraph's short last line, or each cleaning
        would join one more line to it.
        """
        if not self.wrapped:
            return False
        if line.width > self.wrap_width + OVER_PAGE * self.slack:
            lines = round(line.width / self.wrap_width)
            return abs(line.width - lines * self.wrap_width) <= lines * self.slack
        if line.terminal:
            return line.width >= self.wrap_width - max(TERMINAL_MIN_SLACK, self.wrap_width * TERMINAL_SLACK)
        return self.full_at(line.width)

    def full_at(self, width: float) -> bool:
        """Whether a line that runs on mid-sentence, ``width`` columns wide in print, is full."""
        return self.wrapped and width >= self.wrap_width - self.slack

    @property
    def slack(self) -> float:
        """How far short of the wrap width a full line may stop (OCR drops and adds characters)."""
        return max(MIN_SLACK, self.wrap_width * SLACK)


# A printed body line is at least this wide (12 Han characters: a newspaper column).
MIN_WRAP = 24
# ... and at most this wide (65 Han: printed lines hold 30 to 45, wide formats 60); wider lines
# are whole paragraphs.
MAX_WRAP = 130
# A page of at most three lines whose wide line runs on mid-sentence: that line is at least
# 20 Han wide (a body line of print; a title or a salutation rarely is) and at most 100.
MIN_RUN_ON_WRAP = 40
MAX_RUN_ON_WRAP = 200
# Narrower lines tell nothing about the wrap width.
MIN_PROSE = 16
# In wrapped text most lines are full (all but a paragraph's last): at least this share.
MIN_FULL_SHARE = 0.4
# In wrapped prose, a line end falls on punctuation now and then; in verse, always. Verse
# lines are narrow: the test applies below this width.
VERSE_WIDTH = 40
MAX_PUNCT_END_SHARE = 0.6
MAX_SENTENCE_END_SHARE = 0.4
CLAUSE_MARK_RE = regex.compile("[\uff0c\u3002\u3001\uff1b,]")
# Full lines of wrapped prose with punctuation somewhere in them: at least this share.
MIN_PUNCTUATED_SHARE = 0.3
SENTENCE_END_RE = regex.compile("[\u3002\uff01\uff1f][\u201d\u2019\u300d\u300f\uff09)\u300b]*$")
LINE_END_PUNCT_RE = regex.compile(f"[{CJK_STOPS}\u2026,.;:!?][\u201d\u2019\u300d\u300f\uff09)\u300b]*$")
# How far short of the wrap width a full line may stop (OCR drops and adds characters).
SLACK = 0.15
MIN_SLACK = 4
OVER_PAGE = 3  # slacks past the wrap width that no printed line reaches
TERMINAL_SLACK = 0.07
TERMINAL_MIN_SLACK = 5


MAX_CAESURA_SHARE = 0.5
MIN_COUPLETS = 3  # (one line with a mark in its middle is chance)
CAESURA_MARKS = "\uff0c\u3001\uff1b,"


def _caesura(body: str) -> bool:
    """A verse line's mark in its middle: 清明时节雨纷纷，路上行人欲断魂 (a couplet as one line)."""
    n = len(body)
    return n >= 5 and any(body[i] in CAESURA_MARKS for i in {(n - 1) // 2, n // 2})


def measure(text: str, lines: list[Line] | None = None) -> Shape:
    """Find the wrap width: the width that the longest prose lines share.

    The text is hard-wrapped if some width in [MIN_WRAP, MAX_WRAP] is reached by at least two
    different prose lines that make up a good share of all prose lines, while hardly any line is
    wider (a document of one paragraph per line has most lines far wider, and its lines vary),
    or if a page of at most three lines has one line that wide which runs on into the next
    without ending its sentence.
    """
    global _LAST_SHAPE
    last = _LAST_SHAPE
    if last is not None and last[0] is text and (lines is None or lines is last[1].lines):
        return last[1]
    lines = lines if lines is not None else split_lines(text)
    shape = _measure(text, lines)
    _LAST_SHAPE = (text, shape)
    return shape


def _measure(text: str, lines: list[Line]) -> Shape:
    # Prose: lines with Han, long enough to say something about the width (not a page number,
    # a header or a paragraph's last few characters).
    prose = [ln for ln in lines if ln.has_han and ln.width >= MIN_PROSE and not ln.blank]
    if not prose:
        return Shape(lines, 0)
    allowed_over = max(1, len(prose) // 10)
    widths = sorted({ln.width for ln in prose}, reverse=True)
    for width in widths:
        if width > MAX_WRAP:
            continue
        if width < MIN_WRAP:
            break
        slack = max(MIN_SLACK, width * SLACK)
        if sum(1 for ln in prose if ln.width > width + slack) > allowed_over:
            break
        near = [ln for ln in prose if width - slack <= ln.width <= width + slack]
        # Two distinct lines that share a width. Narrower than a body line of print, a title and
        # a salutation can share one too: then one of them must be a sentence broken off (a
        # mark inside it, none at its end), or three must share it.
        enough = 2
        if width < MIN_RUN_ON_WRAP and not any(PUNCT_RE.search(ln.body) and not ln.terminal for ln in near):
            enough = 3
        if len({ln.stripped for ln in near}) >= enough and len(near) >= MIN_FULL_SHARE * len(prose):
            # Verse and lists also share a width, but their lines end at punctuation.
            ending = sum(1 for ln in near if ln.ends_with_mark)
            if width < VERSE_WIDTH and ending > len(near) * MAX_PUNCT_END_SHARE:
                return Shape(lines, 0)
            # Couplets (若有人兮山之阿，被薜荔兮带女萝) share a width and need no mark at their
            # end, but each has its caesura in the middle; wrapped prose has its marks anywhere.
            caesurae = sum(1 for ln in near if _caesura(ln.stripped))
            if len(near) >= MIN_COUPLETS and caesurae > len(near) * MAX_CAESURA_SHARE:
                return Shape(lines, 0)
            # Prose this wide has punctuation inside its lines; titles, headings and tables of
            # contents that share a width do not.
            punctuated = sum(1 for ln in near if PUNCT_RE.search(ln.body))
            if punctuated < len(near) * MIN_PUNCTUATED_SHARE:
                return Shape(lines, 0)
            # One sentence per line: in wrapped prose few lines end exactly at a sentence end.
            stops = sum(1 for ln in near if SENTENCE_END_RE.search(ln.body.rstrip()))
            # (Where every line of the width ends its sentence, nothing shows a page edge.)
            if stops > max(2, len(near) * MAX_SENTENCE_END_SHARE) or stops == len(near):
                return Shape(lines, 0)
            return Shape(lines, width)
    widest = max(prose, key=lambda ln: ln.width)
    if len(prose) <= 3 and MIN_RUN_ON_WRAP <= widest.width <= MAX_RUN_ON_WRAP and not widest.terminal:
        after = [ln for ln in lines[widest.index + 1 :] if not ln.blank][:1]
        # The sentence it starts goes on in the next line, and is prose: it has a clause mark
        # (an address or a title and the line under it have none).
        if (
            after
            and after[0].has_han
            and not after[0].heading_like
            and CLAUSE_MARK_RE.search(widest.body + after[0].body)
        ):
            return Shape(lines, widest.width)
    return Shape(lines, 0)


# In text whose lines end at punctuation (verse, lyrics, dialogue), at least this share of lines.
MIN_LINE_END_PUNCT_SHARE = 0.6


def line_edge(lines: list[Line]) -> int:
    """The page edge of a text that is not hard-wrapped but whose lines end at punctuation
    (verse, lyrics, one sentence per line): the width at which its longest lines were cut.

    Those lines are the exception: two or more distinct lines as wide as a body line of print
    (20 Han; a verse line that OCR read without its final mark is narrower), with a clause mark
    inside and none at their end, share the text's greatest width, which hardly any line passes (one already
    joined across a page). 0 if there is none.
    """
    prose = [ln for ln in lines if ln.has_han and ln.width >= MIN_PROSE and not ln.blank]
    if not prose:
        return 0
    ending = [ln for ln in prose if ln.ends_with_mark]
    if len(ending) < MIN_LINE_END_PUNCT_SHARE * len(prose):
        return 0
    cut = [
        ln
        for ln in prose
        if ln.width >= MIN_RUN_ON_WRAP
        and not ln.heading_like
        and not ln.ends_with_mark
        and CLAUSE_MARK_RE.search(ln.body)
    ]
    if not cut:
        return 0
    edge = max(ln.width for ln in cut)
    if sum(1 for ln in prose if ln.width > edge + MIN_SLACK) > max(1, len(prose) // 20):
        return 0
    at_edge = {ln.stripped for ln in cut if ln.width >= edge - MIN_SLACK}
    return edge if len(at_edge) >= 2 else 0


# --- noise ----------------------------------------------------------------------------------------
_SENTENCE_PUNCT_RE = regex.compile(f"[{CJK_STOPS},.;:!?\u201c\u201d\u300a\u300b]")
# Units and counters that follow a number:
# 年月日号页条章节届次个万亿元人项件岁名家所座位米吨度份册批台辆天周时分秒倍户张种类
_UNITS = (
    "\u5e74\u6708\u65e5\u53f7\u9875\u6761\u7ae0\u8282\u5c4a\u6b21\u4e2a\u4e07\u4ebf\u5143\u4eba\u9879"
    "\u4ef6\u5c81\u540d\u5bb6\u6240\u5ea7\u4f4d\u7c73\u5428\u5ea6\u4efd\u518c\u6279\u53f0\u8f86\u5929"
    "\u5468\u65f6\u5206\u79d2\u500d\u6237\u5f20\u79cd\u7c7b%\uff05"
)
_NUMBER_UNIT_RE = regex.compile(
    f"(?:\u7b2c|\u7ea6|\u5171|\u8fd1)?(?:[0-9]+(?:[.,][0-9]+)*[{_UNITS}]{{0,2}})+"
)
_REPEAT_RE = regex.compile(f"([{HAN}])\\1\\1")
_DIGIT_RE = regex.compile("[0-9]")
_LATIN_RE = regex.compile("[A-Za-z]")


MIXED_NOISE = "Han mixed with digits or letters that form no number"


def noise_kind(line: Line) -> str | None:
    """Why a line looks like OCR noise (speckle read as characters), or None.

    Conservative: a line with sentence punctuation, a heading or list marker, a date or a
    number with its unit, or two or more Han characters and nothing else (a name, a short
    heading) is never noise.
    """
    s = line.stripped
    if not s or line.heading_like or _SENTENCE_PUNCT_RE.search(s):
        return None
    visible = s.replace(" ", "").replace("\t", "").replace("\u3000", "")
    han = len(HAN_RE.findall(visible))
    if len(visible) <= 6:
        if han == 1 and len(visible) == 1:
            return "a lone character"
        if han and (_DIGIT_RE.search(visible) or _LATIN_RE.search(visible)):
            if _NUMBER_UNIT_RE.fullmatch(visible):
                return None
            return MIXED_NOISE
        if not han and len(visible) <= 3 and not visible.isdigit():
            return "letters or symbols alone"
        return None
    if han >= 6 and _REPEAT_RE.search(visible) and " " in s:
        return "improbable characters without punctuation"
    return None


def removal_span(lines: list[Line], idx: int, removed: set[int] | dict[int, object]) -> tuple[int, int]:
    """The span to delete to remove line ``idx`` with its line end, given the lines removed too.

    The last line of a text has no line end of its own: it takes the one before it, unless the
    line before is removed as well (then that line's removal takes it).
    """
    line = lines[idx]
    start, end = line.start, line.next_start
    if end == line.end and idx > 0 and (idx - 1) not in removed:
        start = lines[idx - 1].end
    return start, end
