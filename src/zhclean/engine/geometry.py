"""Structured OCR output as text, with what its geometry says about each line break.

Plain OCR text cannot tell a line that ends a sentence at full width from a paragraph's last
line: the engines drop the first-line indent. Their boxes keep it. Per page: the text block's
left edge (the leftmost cluster holding a good share of the lines) and right edge (the densest
cluster of line ends), and the em (the median width of a Han character). Then, between two
lines of a block, the evidence of the break after a line:

- ``indent``: the next line starts more than 1.5 em right of the edge (indented first lines sit
  at 2.0 em, 10th-90th percentile 1.96-2.58, flush lines at 0.0 +- 0.06: ``bench/docs/layout``);
- ``gap``: a vertical gap wider than a line; ``short``: the line ends more than 1 em short of
  the right edge;
- ``wrap``: the line reaches the right edge and the next starts flush (within half an em);
- none: anything in between.

reflow-wrapped-lines reads ``indent`` as a paragraph start and keeps a break its text rules
would join. The other kinds are measured, not used: where they disagree with the text rules on
the rendered text, the text rules are right two times in three (Tesseract, 30 documents: a
``wrap`` against a kept break was a real break 63 times in 80).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

import regex

from ..core.chars import HAN
from ..core.document import Block, Document, Line, Page, Word
from . import margins

HAN_CHAR_RE = regex.compile(f"[{HAN}]")
LATIN_EDGE_RE = regex.compile(r"[A-Za-z0-9]")
# Between two Han characters, a gap this wide (in ems) is a space of the page (a label and its
# text, a title's letter-spacing); a narrower one is the engine's split between words.
HAN_GAP = 0.8


@dataclass(frozen=True)
class Rendered:
    """The text of a document, what its boxes say of line feeds (offset -> ``indent``, ``gap``,
    ``short`` or ``wrap``, for the line feeds they say something of), and how sure the engine
    was of each line (the offset of its first character -> the mean of its words' confidences,
    weighted by their characters; lines whose words all carry one), and the lines that their
    place on the page shows as running headers, footers or page numbers (engine.margins): the
    offset of the line's first character -> why; whether the document starts paragraphs
    indented (``INDENTED_PARAGRAPHS`` full lines indented by about two characters); and the
    marks in front of a line that the engine read out of a speck (offset -> how many
    characters, and why). A page's last line of text is judged against the next page's first:
    ``across`` maps that break to where the next page's line starts."""

    text: str
    breaks: dict[int, str]
    confidence: dict[int, float] = field(default_factory=dict)
    furniture: dict[int, str] = field(default_factory=dict)
    indented: bool = False  # the document starts its paragraphs with an indented full line
    specks: dict[int, tuple[int, str]] = field(default_factory=dict)
    across: dict[int, int] = field(default_factory=dict)


def render(doc: Document) -> Rendered:
    parts: list[str] = []
    breaks: dict[int, str] = {}
    confidence: dict[int, float] = {}
    furniture: dict[int, str] = {}
    indented = 0
    specks: dict[int, tuple[int, str]] = {}
    at = 0
    whole = _em(Page([Block([line for page in doc.pages for line in page.lines])]))
    pages, ems, texts = [], [], []
    for page in doc.pages:
        lines = [line for line in page.lines if line.words]
        own = _em(page)
        em = own or whole  # a page of a few lines: the document's
        pages.append(lines)
        ems.append(em)
        texts.append([_line_text(line, em) for line in lines])
    places = margins.find(pages, ems, texts)
    starts: dict[tuple[int, int], int] = {}
    ends: dict[tuple[int, int], int] = {}
    shapes: list[tuple[_Shape | None, _Shape | None]] = []  # each page's head and foot
    for number, lines in enumerate(pages):
        if number:
            parts.append("\f")
            at += 1
        verdicts, full_indents, shape = _page_verdicts(doc.pages[number], _em(doc.pages[number]))
        shapes.append(shape)
        indented += full_indents
        for i, line in enumerate(lines):
            text = texts[number][i]
            starts[number, i] = at
            sure = _confidence(line)
            if sure is not None:
                confidence[at] = sure
            if (number, i) in places:
                furniture[at] = places[number, i]
            speck = _leading_speck(line, ems[number], doc.word_heights)
            if speck is not None:
                specks[at] = speck
            parts.append(text + "\n")
            at += len(text)
            ends[number, i] = at
            evidence = verdicts[i] if i < len(verdicts) else None
            if evidence is not None:
                breaks[at] = evidence
            at += 1
    across = _across_pages(pages, shapes, places, starts, ends, breaks)
    return Rendered(
        "".join(parts), breaks, confidence, furniture, indented >= INDENTED_PARAGRAPHS, specks, across
    )


def _across_pages(
    pages: list[list[Line]],
    shapes: list[tuple[_Shape | None, _Shape | None]],
    places: dict[tuple[int, int], str],
    starts: dict[tuple[int, int], int],
    ends: dict[tuple[int, int], int],
    breaks: dict[int, str],
) -> dict[int, int]:
    """The break after each page's last line of text (not its furniture), judged against the
    next page's first: recorded in ``breaks``; returns, for each, where that next line starts
    (the evidence holds only where the text joins those two lines)."""
    across: dict[int, int] = {}
    for number in range(len(pages) - 1):
        here, there = shapes[number][1], shapes[number + 1][0]
        body = [i for i in range(len(pages[number])) if (number, i) not in places]
        following = [j for j in range(len(pages[number + 1])) if (number + 1, j) not in places]
        if not body or not following:
            continue
        i, j = body[-1], following[0]
        breaks.pop(ends[number, i], None)  # (judged against the page's furniture, if any)
        if here is None or there is None or i < here.first or j >= there.first + len(there.edges):
            continue  # (the page's last text is not in its last column: no judgement)
        verdict = _verdict(here, i, there, j, pages[number + 1][j])
        if verdict is not None:
            breaks[ends[number, i]] = verdict
            across[ends[number, i]] = starts[number + 1, j]
    return across


# Marks Tesseract reads out of a speck in front of a line (``bench/docs/layout``: ”第, _用, :相应).
SPECK_MARKS = "\u201d\u201c\"'_:.,*`~\u2018\u2019"
TINY = 0.25  # a box this small (in ems, both sides) holds no character


def _leading_speck(line: Line, em: float, heights: bool = True) -> tuple[int, str] | None:
    """The marks the line's first word starts with, where the engine's box for that word is a
    speck (a character is a good part of an em high or wide; where boxes have no height of
    their own, as in a PDF, wide): how many, and why."""
    if not em or not line.words or len(line.words) < 2:
        return None
    first = line.words[0]
    if first.box is None:
        return None
    width, height = first.box[2] - first.box[0], first.box[3] - first.box[1]
    if (max(width, height) if heights else width) >= TINY * em:
        return None
    count = len(first.text) - len(first.text.lstrip(SPECK_MARKS))
    if not count or count > 2:
        return None
    size = f"{width:.0f}x{height:.0f} px" if heights else f"{width:.0f} px wide"
    return count, f"the engine's box for it is a speck ({size})"


_LATIN_TOKEN_RE = regex.compile(r"[A-Za-z0-9][A-Za-z0-9._/:@-]*")
LATIN_ADVANCE = 0.55  # the mean advance of a Latin letter or digit, in ems


def _too_wide_to_fit(nxt: Line, room: float, em: float) -> bool:
    """Whether the Latin word the next line starts with is wider than the room left at the end
    of the line before: typesetting broke the line early because the word did not fit (a
    line ends short before ``StatefulSet``), so the short line is no paragraph's end."""
    if not nxt.words:
        return False
    first = nxt.words[0]
    m = _LATIN_TOKEN_RE.match(first.text)
    if m is None:
        return False
    if m.end() == len(first.text) and first.box is not None:
        width = first.box[2] - first.box[0]  # the engine's box for the word itself
    else:
        width = len(m.group()) * LATIN_ADVANCE * em
    return width + 0.25 * em > room


def _confidence(line: Line) -> float | None:
    """The mean of a line's word confidences, weighted by characters; None unless all have one."""
    total = weight = 0.0
    for word in line.words:
        if word.confidence is None:
            return None
        total += word.confidence * len(word.text)
        weight += len(word.text)
    return total / weight if weight else None


def _em(page: Page) -> float:
    """The advance of a Han character: the median, over lines mostly of Han, of the line's width
    over its characters (a glyph's own box is narrower than its advance)."""
    advances = []
    for line in page.lines:
        boxes = [w.box for w in line.words if w.box is not None]
        text = "".join(w.text for w in line.words)
        han = len(HAN_CHAR_RE.findall(text))
        if boxes and len(text) >= 8 and han >= 0.8 * len(text):
            advances.append((max(b[2] for b in boxes) - min(b[0] for b in boxes)) / len(text))
    return statistics.median(advances) if advances else 0.0


def _line_text(line: Line, em: float) -> str:
    out: list[str] = []
    previous = None
    for word in line.words:
        if previous is not None:
            gap = word.box[0] - previous.box[2] if word.box and previous.box else 0.0
            both = LATIN_EDGE_RE.match(previous.text[-1]) and LATIN_EDGE_RE.match(word.text[0])
            either = LATIN_EDGE_RE.match(previous.text[-1]) or LATIN_EDGE_RE.match(word.text[0])
            if both or (either and gap > 0.2 * em) or (em and gap > HAN_GAP * em):
                out.append(" ")
        out.append(word.text)
        previous = word
    return "".join(out)


def _edges(line: Line, em: float, slope: float) -> tuple[float, float] | None:
    """A line's left and right ends, levelled by the page's skew (x + slope * y), from words
    that are not specks: a character is at least half an em high or wide (一 is flat), and a
    lone mark narrower than that is a speck whatever its height (a PDF's words are as high as
    their line; Tesseract reads speckle in front of a line as ``”`` or ``，``)."""
    kept = [w for w in line.words if w.box is not None and not _speck(w, em)]
    if not kept:
        return None
    boxes = [w.box for w in kept]
    first = min(boxes, key=lambda b: b[0])  # type: ignore[arg-type, return-value]
    last = max(boxes, key=lambda b: b[2])  # type: ignore[arg-type, return-value]
    assert first is not None and last is not None
    left = first[0]
    # Tesseract glues a speck to the line's first word and gives the word the speck's box
    # (``”或`` 2x2 px): the characters in it stand left of the next word, an em each.
    lead = line.words[0]
    if lead is not kept[0] and lead.box is not None and kept[0].box is first:
        chars = len(lead.text.lstrip(SPECK_MARKS))
        if chars:
            left = first[0] - chars * em
    return left + slope * (first[1] + first[3]) / 2, last[2] + slope * (last[1] + last[3]) / 2


def _speck(word: Word, em: float) -> bool:
    x0, y0, x1, y1 = word.box  # type: ignore[misc]
    if max(y1 - y0, x1 - x0) < 0.5 * em:
        return True
    return x1 - x0 < 0.5 * em and len(word.text) == 1 and not word.text.isalnum()


VERSE_SHARE = 0.5
INDENTED_PARAGRAPHS = 5
_MARK_END_RE = regex.compile("[\u3002\uff01\uff1f\uff1b\uff0c\u3001\uff1a!?;,:]$")


def _ends_with_mark(line: Line) -> bool:
    return bool(line.words) and _MARK_END_RE.search(line.words[-1].text) is not None


def _skew(lines: list[Line], em: float) -> float:
    """The page's skew: the median slope of its long lines' baselines (hOCR's ``baseline``,
    RapidOCR's box edges), or where the format keeps none (ALTO, TSV) of the line through its
    words' bottoms; 0 where unknown."""
    slopes = []
    for line in lines:
        if line.box is None or line.box[2] - line.box[0] < 6 * em:
            continue
        slope = line.baseline_slope if line.baseline_slope is not None else _fitted_slope(line)
        if slope is not None:
            slopes.append(slope)
    return statistics.median(slopes) if slopes else 0.0


def _fitted_slope(line: Line) -> float | None:
    """The least-squares slope of a line's word bottoms over their centres (three words or more)."""
    points = [((w.box[0] + w.box[2]) / 2, w.box[3]) for w in line.words if w.box is not None]
    if len(points) < 3:
        return None
    mx = sum(x for x, _ in points) / len(points)
    my = sum(y for _, y in points) / len(points)
    sxx = sum((x - mx) ** 2 for x, _ in points)
    return sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else None


def _cluster(values: list[float], width: float, need: int, leftmost: bool) -> float | None:
    """The leftmost (else the densest) window ``width`` wide holding ``need`` values: its median."""
    values = sorted(values)
    best, best_count = None, 0
    j = 0
    for i, v in enumerate(values):
        while values[j] < v - width:
            j += 1
        count = i - j + 1
        if leftmost and count >= need:
            return statistics.median(values[j : i + 1])
        if count > best_count:
            best, best_count = statistics.median(values[j : i + 1]), count
    return None if leftmost else best


def _page_verdicts(
    page: Page, em: float
) -> tuple[list[str | None], int, tuple[_Shape | None, _Shape | None]]:
    """The verdicts of a page's lines, column by column: blocks side by side (that share no
    stretch of x) are columns, each with edges of its own; the break from one column to the
    next gets no verdict. Also the first and the last column's shapes (the page's head and
    foot, where the text goes on from the page before and to the next)."""
    columns: list[list[Line]] = []
    reach: tuple[float, float] | None = None
    for block in page.blocks:
        lines = [line for line in block.lines if line.words]
        if not lines:
            continue
        boxes = [line.box for line in lines if line.box is not None]
        span = (min(b[0] for b in boxes), max(b[2] for b in boxes)) if boxes else None
        beside = reach is not None and span is not None and (span[0] >= reach[1] or span[1] <= reach[0])
        if not columns or beside:
            columns.append([])
            reach = span
        elif span is not None and reach is not None:
            reach = (min(reach[0], span[0]), max(reach[1], span[1]))
        columns[-1].extend(lines)
    out: list[str | None] = []
    full = 0
    shapes: list[_Shape | None] = []
    first = 0
    for k, lines in enumerate(columns):
        if k:
            out.append(None)  # from the foot of one column to the head of the next
        verdicts, indents, shape = _verdicts(lines, em, first)
        shapes.append(shape)
        out.extend(verdicts)
        full += indents
        first += len(lines)
    return out, full, (shapes[0], shapes[-1]) if shapes else (None, None)


class _Shape(NamedTuple):
    """A page's text block: its edges, each line's ends, whether it is verse."""

    left: float
    right: float
    edges: list[tuple[float, float] | None]
    verse: bool
    em: float
    first: int  # the index, on its page, of the column's first line


def _verdicts(lines: list[Line], em: float, first: int = 0) -> tuple[list[str | None], int, _Shape | None]:
    """For each line of a page but the last, what the geometry says of the break after it; how
    many full lines are indented as paragraphs start; the page's text block."""
    if not em or len(lines) < 3:
        return [None] * max(0, len(lines) - 1), 0, None
    slope = _skew(lines, em)
    edges = [_edges(line, em, slope) for line in lines]
    known = [e for e in edges if e is not None]
    need = max(3, int(0.15 * len(known)))
    left = _cluster([e[0] for e in known], 0.5 * em, need, leftmost=True)
    # the right edge: the rightmost cluster of line ends holding a good share of them (the
    # measure that full lines reach; centred names or verse end left of it)
    right = _cluster([-e[1] for e in known], 1.0 * em, need, leftmost=True)
    if left is None or right is None or -right - left < 10 * em:
        return [None] * (len(lines) - 1), 0, None
    right = -right
    # Lines that reach the right edge and end at a mark are verse or a list, not wrapped prose:
    # there, reaching the edge says nothing of the break after a line.
    at_edge = [line for line, e in zip(lines, edges, strict=True) if e is not None and right - e[1] <= em]
    marked = sum(1 for line in at_edge if _ends_with_mark(line))
    verse = len(at_edge) >= 3 and marked > VERSE_SHARE * len(at_edge)
    out: list[str | None] = []
    full_indents = 0
    shape = _Shape(left, right, edges, verse, em, first)
    for i, (cur, nxt) in enumerate(pairwise(lines)):
        if edges[i] is None or edges[i + 1] is None or cur.box is None or nxt.box is None:
            out.append(None)
            continue
        height = cur.box[3] - cur.box[1]
        gap = nxt.box[1] - cur.box[3]
        verdict = _verdict(shape, first + i, shape, first + i + 1, nxt)
        if gap > max(height, 1.5 * em) and verdict != "indent":
            out.append("gap")
            continue
        out.append(verdict)
        if verdict == "indent":
            # a paragraph's first line: indented by about two characters, and full (a centred
            # title is indented too, but ends short of the right edge)
            e_nxt = edges[i + 1]
            assert e_nxt is not None
            full_indents += e_nxt[0] - left <= 3.5 * em and right - e_nxt[1] <= em
    return out, full_indents, shape


def _verdict(here: _Shape, i: int, there: _Shape, j: int, nxt: Line) -> str | None:
    """What the boxes say of the break between line ``i`` of one page and line ``j`` of the
    same page or the next (``here``, ``there``): the next line indented, this one short, or
    this one full and the next flush."""
    e_cur, e_nxt = here.edges[i - here.first], there.edges[j - there.first]
    if e_cur is None or e_nxt is None:
        return None
    em = here.em
    indent, short = e_nxt[0] - there.left, here.right - e_cur[1]
    if indent > 1.5 * em:
        return "indent"
    if short > 1.0 * em and not _too_wide_to_fit(nxt, short, em):
        return "short"
    if abs(indent) <= 0.5 * em and short >= -1.0 * em and not here.verse and e_cur[0] - here.left <= 3.5 * em:
        return "wrap"  # (a full line starts at the left edge, or a paragraph's indent)
    return None
