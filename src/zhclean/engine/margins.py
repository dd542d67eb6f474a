"""Running headers, footers and page numbers, found by their place on the page.

Plain text shows furniture only by what it says and where it recurs in the sequence of lines;
an engine's boxes show where it stands. Per page of a document of two pages or more:

- **the bottom margin**: the page's last line, set below the body by a gap wider than the
  body's own by more than ``APART`` em (page numbers and footers: 2.2-10.8 em more in
  ``bench/docs/layout``, the pages' last lines of text at most 0.4 em more but one at 1.2), short
  (``MAX_FOOTER`` characters), not a sentence's end, on at least two pages at the same height
  (within ``SAME_PLACE`` em) or centred under the text on both (a last page that ends early
  may carry its number right under its text). A page number read as anything (``=到=`` for
  ``- 278 -``) is found so, where its text no longer says what it is.
- **the top margin**: the page's first line (or its second, under another short line), narrower
  than the page's widest line or set above the body by a gap (a full line that is not is the
  body's), that reads alike (``HEADER_SIMILARITY`` of its characters) on at least two pages at
  the same height, and
  that the body does not write as often elsewhere (a poet's name over every poem is text); on
  the first page too, where a title may stand: the header's place is above the body, a title's
  is in it. On the first page, a line under the header that reads the same is the title.

Text-only rules (``remove-page-furniture``) stay for plain text and for what this misses.
"""

from __future__ import annotations

import statistics
from bisect import bisect_left, bisect_right
from collections import Counter
from difflib import SequenceMatcher
from itertools import pairwise

import regex

from ..core.chars import HAN
from ..core.document import Line

APART = 1.5
SAME_PLACE = 1.0
MAX_FOOTER = 16
MAX_HEADER = 30
HEADER_SIMILARITY = 0.6
NEAR_PAGES = 3  # a header is compared with those of the pages this near (odd and even pages)
NARROWER = 0.8  # a header is narrower than the page's widest line by this much at least
_SENTENCE_END_RE = regex.compile("[\u3002\uff01\uff1f!?]$")
_CORE_RE = regex.compile(rf"[{HAN}A-Za-z0-9].*[{HAN}A-Za-z0-9]|[{HAN}A-Za-z0-9]")


def find(pages: list[list[Line]], ems: list[float], texts: list[list[str]]) -> dict[tuple[int, int], str]:
    """(page, line) -> why the line is page furniture, for the lines its place shows as such."""
    if len(pages) < 2:
        return {}
    # One em for the whole document: its pages share a scale, and a page of speckle misleads
    # its own estimate (heights are compared across pages in ems).
    known = sorted(em for em in ems if em)
    if not known:
        return {}
    ems = [known[len(known) // 2]] * len(pages)
    found: dict[tuple[int, int], str] = {}
    _bottoms(pages, ems, texts, found)
    _top_numbers(pages, ems, texts, found)
    _tops(pages, ems, texts, found)
    return found


def _centre(line: Line) -> float:
    assert line.box is not None
    return (line.box[1] + line.box[3]) / 2


def _bottoms(
    pages: list[list[Line]], ems: list[float], texts: list[list[str]], found: dict[tuple[int, int], str]
) -> None:
    apart: list[tuple[int, float, bool]] = []  # page, centre in em, centred on the text
    for p, (lines, em) in enumerate(zip(pages, ems, strict=True)):
        if len(lines) < 3 or not em or any(line.box is None for line in lines):
            continue
        gaps = [b.box[1] - a.box[3] for a, b in pairwise(lines)]  # type: ignore[index]
        body = statistics.median(gaps[:-1])
        text = texts[p][-1].strip()
        if (
            gaps[-1] - body > APART * em
            and 0 < len(text.replace(" ", "")) <= MAX_FOOTER
            and not _SENTENCE_END_RE.search(text)
        ):
            lefts = sorted(line.box[0] for line in lines[:-1])  # type: ignore[index]
            rights = sorted(line.box[2] for line in lines[:-1])  # type: ignore[index]
            middle = (lefts[len(lefts) // 10] + rights[len(rights) * 9 // 10]) / 2
            box = lines[-1].box
            assert box is not None
            centred = abs((box[0] + box[2]) / 2 - middle) <= SAME_PLACE * em
            apart.append((p, _centre(lines[-1]) / em, centred))
    # At the same height on another page, or centred under the text as another page's is (a
    # last page that ends early may carry its number right under its text). Counted in one
    # pass over the heights, sorted: linear in the pages, whatever their number.
    heights = sorted(y for _, y, _ in apart)
    centred_count = sum(1 for _, _, c in apart if c)
    for p, y, centred in apart:
        near = bisect_right(heights, y + SAME_PLACE * 2) - bisect_left(heights, y - SAME_PLACE * 2)
        same = max(near, centred_count if centred else 0)
        if same >= 2:
            found[(p, len(pages[p]) - 1)] = (
                f"below the text at the foot of {same} pages (page number or footer)"
            )


def _top_numbers(
    pages: list[list[Line]], ems: list[float], texts: list[list[str]], found: dict[tuple[int, int], str]
) -> None:
    """Page numbers at the head of the page, where OCR misread them (``=有了=`` for ``- 57 -``):
    a page's first line set above the body by a gap, short, at the same height as such a line
    on another page, and either without Han, with a digit, or read with little confidence (a
    title that heads each page is read with confidence: it stays)."""
    apart: list[tuple[int, float, bool]] = []  # page, centre in em, looks like a number
    for p, (lines, em) in enumerate(zip(pages, ems, strict=True)):
        if len(lines) < 3 or not em or any(line.box is None for line in lines):
            continue
        gaps = [b.box[1] - a.box[3] for a, b in pairwise(lines)]  # type: ignore[index]
        body = statistics.median(gaps[1:])
        text = texts[p][0].replace(" ", "")
        if gaps[0] - body <= APART * em or not 0 < len(text) <= MAX_NUMBER or _SENTENCE_END_RE.search(text):
            continue
        sure = lines[0].confidence
        number = (
            not _HAN_RE.search(text)
            or any(ch.isdigit() for ch in text)
            or (sure is not None and sure < UNSURE_NUMBER)
        )
        apart.append((p, _centre(lines[0]) / em, number))
    heights = sorted(y for _, y, _ in apart)
    for p, y, number in apart:
        near = bisect_right(heights, y + SAME_PLACE) - bisect_left(heights, y - SAME_PLACE)
        if number and near >= 2 and (p, 0) not in found:
            found[(p, 0)] = f"above the text at the head of {near} pages (a page number)"


MAX_NUMBER = 8
UNSURE_NUMBER = 0.7  # a line's confidence (its worst word) below which it is no title
_HAN_RE = regex.compile(f"[{HAN}]")


def _core(text: str) -> str:
    m = _CORE_RE.search(text.replace(" ", ""))
    return m.group() if m else ""


def _alike(a: str, b: str) -> bool:
    if a == b:
        return bool(a)
    if not a or not b:
        return False
    return SequenceMatcher(None, a, b).ratio() >= HEADER_SIMILARITY


def _tops(
    pages: list[list[Line]], ems: list[float], texts: list[list[str]], found: dict[tuple[int, int], str]
) -> None:
    candidates: list[tuple[int, int, str, float]] = []  # page, line, core text, centre in em
    for p, (lines, em) in enumerate(zip(pages, ems, strict=True)):
        if not lines or not em or any(line.box is None for line in lines):
            continue
        widest = max(line.box[2] - line.box[0] for line in lines)  # type: ignore[index]
        gaps = [b.box[1] - a.box[3] for a, b in pairwise(lines)]  # type: ignore[index]
        body = statistics.median(gaps) if gaps else 0.0
        for i in range(min(2, len(lines))):
            core = _core(texts[p][i])
            box = lines[i].box
            assert box is not None
            apart = i < len(gaps) and gaps[i] - body > APART * em
            if not 0 < len(core) <= MAX_HEADER or (box[2] - box[0] > NARROWER * widest and not apart):
                break  # a full line is the body's (and so is what comes under it)
            candidates.append((p, i, core, _centre(lines[i]) / em))
    # How often each text stands anywhere (the body's own lines recur too) and at a page's
    # head, counted once; a candidate is compared (allowing for misreadings) only with the
    # heads of the pages near it: linear in the pages, whatever their number.
    everywhere = Counter(_core(t) for page in texts for t in page)
    heights: dict[str, list[float]] = {}  # a head's text -> its heights, sorted
    by_page: dict[int, list[tuple[int, int, str, float]]] = {}
    for candidate in candidates:
        by_page.setdefault(candidate[0], []).append(candidate)
        heights.setdefault(candidate[2], []).append(candidate[3])
    for values in heights.values():
        values.sort()
    for p, i, core, y in candidates:
        if (p, i) in found:
            continue
        near = [
            other
            for q in range(p - NEAR_PAGES, p + NEAR_PAGES + 1)
            if q != p
            for _, _, other, z in by_page.get(q, ())
            if abs(z - y) <= SAME_PLACE and _alike(core, other)
        ]
        level = heights[core]  # the same text at the same height, on any page
        same = bisect_right(level, y + SAME_PLACE) - bisect_left(level, y - SAME_PLACE)
        if not near and same < 2:
            continue
        places = max(same, len(near) + 1)
        if everywhere[core] > 2 * places:
            continue  # the document's own line, that also happens to start pages
        if i == 1 and _alike(core, _core(texts[p][0])):
            continue  # under the header, the title that it repeats
        found[(p, i)] = f"at the head of {places} pages, at the same height (running header)"
