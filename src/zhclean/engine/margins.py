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
NARROWER = 0.8  # a header is narrower than the page's widest line by this much at least
_SENTENCE_END_RE = regex.compile("[\u3002\uff01\uff1f!?]$")
_CORE_RE = regex.compile(rf"[{HAN}A-Za-z0-9].*[{HAN}A-Za-z0-9]|[{HAN}A-Za-z0-9]")


def find(pages: list[list[Line]], ems: list[float], texts: list[list[str]]) -> dict[tuple[int, int], str]:
    """(page, line) -> why the line is page furniture, for the lines its place shows as such."""
    if len(pages) < 2:
        return {}
    found: dict[tuple[int, int], str] = {}
    _bottoms(pages, ems, texts, found)
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
    for p, y, centred in apart:
        # at the same height on another page, or centred under the text as another page's is
        # (a last page that ends early may carry its number right under its text)
        same = [q for q, z, c in apart if abs(z - y) <= SAME_PLACE * 2 or (centred and c)]
        if len(same) >= 2:
            found[(p, len(pages[p]) - 1)] = (
                f"below the text at the foot of {len(same)} pages (page number or footer)"
            )


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
    # how often each candidate's text stands anywhere (the body's own lines recur too)
    everywhere = [_core(t) for page in texts for t in page]
    for p, i, core, y in candidates:
        if (p, i) in found:
            continue
        same = {
            q for q, j, other, z in candidates if q != p and abs(z - y) <= SAME_PLACE and _alike(core, other)
        }
        if not same:
            continue
        places = len(same) + 1
        written = sum(1 for other in everywhere if _alike(core, other))
        if written > 2 * places:
            continue  # the document's own line, that also happens to start pages
        if i == 1 and _alike(core, _core(texts[p][0])):
            continue  # under the header, the title that it repeats
        found[(p, i)] = f"at the head of {places} pages, at the same height (running header)"
