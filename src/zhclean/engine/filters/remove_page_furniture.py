"""Remove page numbers, running headers and header rules that OCR read into the text.

What it fixes: lines that belong to the printed page, not to the document:

- page numbers: ``- 3 -``, ``— 3 —``, ``第 3 页``, ``第3页 共10页``, ``3/10``, ``Page 3``, a bare
  number on its own line, and as OCR mangles them (``一218 一``, ``二 55一``, ``-099一``,
  ``第吧页``);
- the rule under a running header, read as a line of ``一``, ``一一`` or dashes;
- running headers and footers, learned from their recurrence at the pages' edges (pages are
  split by form feeds, else by page numbers: see ``zhclean.engine.pages``), as OCR mangles them: a
  misread character (``LibreO侍ce 帮助``), a page number attached (``第222页 中华人民共和国国务院
  公报``), Latin words, stray marks; in text without page breaks, a recurring line that carries a
  page number or interrupts sentences where pages break;
- a page's first line with a rule under it, and a header the user names (``--header``) or the
  batch learned.

When such a line interrupted a sentence (the line before it stops mid-sentence and the line
after it goes on), the page break goes with it and the two halves are joined.

Why: OCR reads the whole page. Page numbers and headers in the middle of the text break
sentences apart and are most of the error in real OCR output.

Example:

>>> from zhclean import clean
>>> page = "国家鼓励工业企业、园区开展节水型社会建设，加快推进节水\\n— 12 —\\n设施建设。\\n"
>>> clean(page, select=["remove-page-furniture"])
'国家鼓励工业企业、园区开展节水型社会建设，加快推进节水设施建设。\\n'

Safety: conservative, and only in text with Chinese prose. A numbered list item (``3.``,
``3、``, ``(3)``) is not a page number; a bare number is a page number only between lines
that are not numbers themselves (a column of numbers is a table). A header must recur, once
per page edge, on at least two pages and half the pages after the first; a line that only
starts a page is text. The document's first line is never removed on recurrence alone: a
title that the running header repeats looks the same, so it is only suggested (unsafe); so is
the first line of a single numbered page (a batch of such pages learns it as a header when two
of them show it).
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import TYPE_CHECKING

import regex

from ...core.chars import HAN
from ...core.edits import Edit, Safety
from ...core.lexicon import bigram_count
from ..layout import (
    ARTICLE_NUMBER_ONLY_RE,
    MIN_WRAP,
    PUNCT_RE,
    Line,
    Shape,
    measure,
    noise_kind,
    removal_span,
    split_lines,
)
from ..pages import (
    EDGE_LINES,
    Page,
    candidate,
    has_explicit_page_number,
    has_page_number,
    recurring_groups,
    split_pages,
)

if TYPE_CHECKING:
    from ..context import Context

SIGNALS_DAMAGE = True  # its repairs show OCR or extraction damage (see Context.damage)

_DECOR = "\\-\u2010-\u2015\u2212\uff0d\u2500\u4e00\u4e8c\u4e09~\uff5e\u201c\u201d\"'\u00b7.|"
PAGE_NUMBER_RE = regex.compile(
    rf"(?:[{_DECOR}]{{0,3}}[ \t]*[0-9]{{1,4}}[ \t]*[{_DECOR}]{{0,3}}"  # - 3 -, 一218 一, -099一
    # 第3页 共10页
    r"|\u7b2c[ \t]*[^\s\u9875]{1,4}[ \t]*\u9875(?:[ \t]*[,\uff0c/]?[ \t]*\u5171[ \t]*[0-9]{1,4}[ \t]*\u9875)?"
    r"|[0-9]{1,4}[ \t]*/[ \t]*[0-9]{1,4}"  # 3/10
    r"|(?:[Pp]age|P\.|p\.)[ \t]*[0-9]{1,4}(?:[ \t]*(?:of|/)[ \t]*[0-9]{1,4})?"  # Page 3 of 10
    r")"
)
BARE_NUMBER_RE = regex.compile(r"[0-9]{1,4}")
# A list item or a decimal is not a page number.
LIST_ITEM_RE = regex.compile(r"[0-9]+[.\u3001\uff0e)\uff09]|[(\uff08][0-9]+[)\uff09]")
# A header's rule read as a line of strokes.
RULE_RE = regex.compile("[\u4e00\\-\u2010-\u2015\u2212\uff0d\u2500\u2501_=~\uff5e \t]{1,16}")
HAN_RE = regex.compile(f"[{HAN}]")
# Longest line that can be a running header (characters).
MAX_HEADER = 30
# Two lines are the same header if this share of characters matches (OCR misreads some).
HEADER_SIMILARITY = 0.8
WORD_PAIR = 20  # a pair of characters this common in the official documents is a word


def is_page_number(line: Line) -> bool:
    s = line.stripped
    if not s or LIST_ITEM_RE.fullmatch(s):
        return False
    return (PAGE_NUMBER_RE.fullmatch(s) is not None and any(ch.isdigit() for ch in s)) or (
        s.startswith("\u7b2c") and s.endswith("\u9875") and len(s) <= 12
    )


def is_rule(line: Line) -> bool:
    s = line.stripped
    return bool(s) and RULE_RE.fullmatch(s) is not None and not BARE_NUMBER_RE.search(s)


def _similar(a: str, b: str) -> bool:
    """The same header, allowing for OCR: misread characters, stray marks around it."""
    if a == b:
        return True
    a, b = _core(a), _core(b)
    if a == b:
        return bool(a)
    if abs(len(a) - len(b)) > 2:
        return False
    from difflib import SequenceMatcher

    return SequenceMatcher(None, a, b).ratio() >= HEADER_SIMILARITY


def _core(text: str) -> str:
    """A header without the marks and Latin noise OCR adds around it (. ”新闻联播文字稿)."""
    m = CORE_RE.search(text)
    return m.group() if m else text


CORE_RE = regex.compile(f"[{HAN}].*[{HAN}]|[{HAN}]")


def _header_candidate(line: Line) -> bool:
    s = _core(line.stripped)
    return (
        0 < len(s) <= MAX_HEADER
        and PUNCT_RE.search(s.replace("\u300a", "").replace("\u300b", "")) is None
        and not line.heading_like
        and HAN_RE.search(s) is not None
    )


def find_furniture(shape: Shape, known_headers: tuple[str, ...] = ()) -> dict[int, tuple[str, Safety]]:
    """Line index -> (reason, safety) for every furniture line of the document."""
    lines = shape.lines
    text_lines = [ln for ln in lines if not ln.blank]
    found: dict[int, tuple[str, Safety]] = {}
    numbers = set()
    for pos, ln in enumerate(text_lines):
        if is_page_number(ln):
            s = ln.stripped
            if BARE_NUMBER_RE.fullmatch(s):
                neighbours = text_lines[max(0, pos - 1) : pos] + text_lines[pos + 1 : pos + 2]
                if any(BARE_NUMBER_RE.fullmatch(n.stripped) for n in neighbours):
                    continue  # a column of numbers: a table
                if not neighbours or not all(n.has_han for n in neighbours):
                    continue
            numbers.add(ln.index)
            found[ln.index] = (f"page number {s}", Safety.SAFE)
    if not text_lines:
        return found
    # Page tops: the document start and the first line after a page number.
    tops = [0]
    for pos, ln in enumerate(text_lines):
        if ln.index in numbers and pos + 1 < len(text_lines):
            tops.append(pos + 1)
    # Rules: a line of strokes at a page top, under a header, or next to a page number.
    for pos, ln in enumerate(text_lines):
        if not is_rule(ln) or ln.index in found:
            continue
        near_furniture = any(n.index in numbers for n in text_lines[max(0, pos - 1) : pos + 2] if n is not ln)
        if near_furniture or shape.wrapped:
            found[ln.index] = (f"header rule {ln.stripped}", Safety.SAFE)
    # Running headers and footers, learned from their recurrence at the pages' edges.
    for pos, (reason, safety) in _recurring(shape, text_lines, numbers, found).items():
        found[text_lines[pos].index] = (reason, safety)
    # A page's first line: a header if the page shows a number or a rule under the line. OCR
    # often reads the rule as a few stray characters (noise) or letters (RICE RE).
    for pos in tops:
        ln = text_lines[pos]
        if ln.index in found:
            continue
        if has_explicit_page_number(ln.body) and candidate(ln) and pos + 1 < len(text_lines):
            # A page's first line that carries its page number (宋词选读    第1页): a header.
            found[ln.index] = (f"running header {ln.stripped} with its page number", Safety.SAFE)
            continue
        if not _header_candidate(ln):
            continue
        below = text_lines[pos + 1] if pos + 1 < len(text_lines) else None
        if below is None:
            continue
        known = any(_similar(h, ln.stripped) for h in known_headers)
        if not shape.wrapped and not (known and below.has_han and below.width > ln.width):
            continue
        if below.index in numbers and pos + 1 not in tops[1:] and BARE_NUMBER_RE.fullmatch(below.stripped):
            # A bare number right under a page's first line is its rule misread, not a page number.
            found[below.index] = (f"header rule read as {below.stripped!r}", Safety.SAFE)
        elif below.index in numbers:
            continue
        if below.index not in found and _misread_rule(below):
            found[below.index] = (f"header rule read as {below.stripped!r}", Safety.SAFE)
        body = text_lines[pos + 2] if below.index in found and pos + 2 < len(text_lines) else below
        if below.index in found and found[below.index][0].startswith("header rule"):
            found[ln.index] = (f"running header {ln.stripped} above its rule", Safety.SAFE)
        elif known:
            found[ln.index] = (f"running header {ln.stripped} (a known header)", Safety.SAFE)
        elif pos == 0 and len(numbers) == 1 and "\x0c" not in ln.body and shape.full(body):
            # One numbered page (a folder of scanned pages has one per file): its first line
            # above the body is its header or its title. A batch learns it as a header when
            # two pages suggest it (see the CLI); alone, it is only suggested.
            found[ln.index] = (
                f"running header {ln.stripped} on a numbered page? (a title would look the same)",
                Safety.UNSAFE,
            )
        # Any other first line with neither a rule under it nor recurrence is text: the first
        # line of a new page, or a title (see _recurring for headers learned from recurrence).
    return found


def _recurring(
    shape: Shape, text_lines: list[Line], numbers: set[int], found: dict[int, tuple[str, Safety]]
) -> dict[int, tuple[str, Safety]]:
    """Text-line positions of running headers and footers -> reason and safety.

    With several pages (form feeds, page numbers), a line at the top or bottom of at least two
    pages (and of at least half the pages after the first) that OCR read alike is furniture at
    each of those places. In one undivided page (OCR that joins pages with a line break), a
    recurring line is furniture only where it shows itself as such: it carries a page number,
    or it interrupts sentences of hard-wrapped text where pages break (see ``_shows_pages``);
    then its other occurrences go too. The document's first line is only suggested unless it
    carries a page number, and a member right under another is kept: a title that the running
    header repeats looks the same.
    """
    pages = split_pages(shape.lines, text_lines, numbers)
    if len(pages) > 1:
        cands = [
            pos
            for page in pages
            for pos in range(page.first, page.last + 1)
            if page.edge(pos) and text_lines[pos].index not in found and candidate(text_lines[pos])
        ]
    else:
        cands = [
            pos
            for pos, ln in enumerate(text_lines)
            if ln.index not in found and not ln.heading_like and candidate(ln)
        ]
    page_of = {pos: i for i, page in enumerate(pages) for pos in range(page.first, page.last + 1)}
    out: dict[int, tuple[str, Safety]] = {}
    groups = [(group, False) for group in recurring_groups(text_lines, cands)]
    written: dict[int, int] = {}  # a candidate line -> how often the text writes it, anywhere
    if len(pages) > 1:
        # Pages whose numbers OCR lost hide their edges: a line that recurs at page intervals
        # through the whole text marks them (see _at_page_intervals).
        anywhere = [
            pos
            for pos, ln in enumerate(text_lines)
            if ln.index not in found and not ln.heading_like and candidate(ln)
        ]
        everywhere = recurring_groups(text_lines, anywhere)
        groups += [(group, True) for group in everywhere]
        written = {pos: len(group.members) for group in everywhere for pos in group.members}
    for group, regular in groups:
        numbered = [pos for pos in group.members if has_page_number(text_lines[pos].body)]
        if len(pages) > 1 and not regular and not numbered:
            # A line the body writes as often as the pages' edges do is the document's own (a
            # poet's name under each title, 则天皇后; the titles 唐享昊天乐第二, 第七 ...), even
            # where pages happen to start with it.
            inside = written.get(group.members[0], 0) - len(group.members)
            if inside >= len(group.members):
                continue
        if regular:
            if not _at_page_intervals(text_lines, group.members):
                continue
            kept = group.members
        elif len(pages) > 1:
            spread = len({page_of[pos] for pos in group.members})
            kept = _once_per_edge(pages, page_of, group.members)
            if spread < max(2, (len(pages) - 1) // 2) or kept is None:
                continue
        elif (
            numbered
            or (shape.wrapped and _shows_pages(shape, text_lines, group.members))
            or _at_page_intervals(text_lines, group.members)
        ):
            kept = group.members
        else:
            continue
        members = set(kept)
        for pos in kept:
            if pos - 1 in members:
                continue  # right under the header: the title that the header repeats (东辽国)
            what = "running header or footer" if len(pages) > 1 else "running header"
            if pos in out:
                continue
            if pos == 0 and pos not in numbered:
                out[pos] = (
                    f"{what} {text_lines[pos].stripped}? (on {len(kept)} pages; "
                    "a title that the header repeats would look the same)",
                    Safety.UNSAFE,
                )
            else:
                out[pos] = (f"{what} {text_lines[pos].stripped} (on {len(kept)} pages)", Safety.SAFE)
    return out


def _once_per_edge(pages: list[Page], page_of: dict[int, int], members: list[int]) -> list[int] | None:
    """The members that stand at a page's edge once, or None if a line fills pages again and
    again (the document's own). At each page's top and bottom a header stands once; on the
    first page, a second one under it is the title that the header repeats, and is text."""
    seen: set[tuple[int, bool]] = set()
    kept = []
    for pos in members:
        page = pages[page_of[pos]]
        place = (page_of[pos], pos - page.first < EDGE_LINES)
        if place in seen:
            if page_of[pos] == 0:
                continue
            return None
        seen.add(place)
        kept.append(pos)
    return kept


def _shows_pages(shape: Shape, text_lines: list[Line], members: list[int]) -> bool:
    """In hard-wrapped text with no page breaks: a recurring line stands where pages break.

    Its occurrences stand a page's worth of lines apart (at least ``MIN_PAGE_LINES``), and it
    interrupts a sentence twice, or once with the gaps within ``PAGE_REGULARITY`` of each other.
    (A heading or a verse's author that recurs does so at no regular distance, or between whole
    paragraphs; lines that repeat a few lines apart are the text's own.)
    """
    gaps = [b - a for a, b in pairwise(members)]
    if min(gaps) < MIN_PAGE_LINES:
        return False  # no page's worth of lines between two of them: the text's own lines
    interrupts = sum(1 for pos in members if _interrupts(shape, text_lines, pos))
    if interrupts >= 2:
        return True
    return interrupts == 1 and max(gaps) <= PAGE_REGULARITY * min(gaps)


def _at_page_intervals(text_lines: list[Line], members: list[int]) -> bool:
    """Text that is not hard-wrapped (verse, lists) shows no sentence a page break cuts. A line
    that recurs four times or more, a page's worth of lines apart each time (the gaps within
    ``STRICT_PAGE_REGULARITY`` of each other), stands where its pages break. A poem's title
    does not recur so regularly, and comes with its author line (菩萨蛮 / 温庭筠): the lines
    on either side of a header vary."""
    if len(members) < MIN_REGULAR_PAGES:
        return False
    gaps = [b - a for a, b in pairwise(members)]
    if min(gaps) < MIN_PAGE_LINES or max(gaps) > STRICT_PAGE_REGULARITY * min(gaps):
        return False
    before = {text_lines[pos - 1].stripped for pos in members if pos > 0}
    after = {text_lines[pos + 1].stripped for pos in members if pos + 1 < len(text_lines)}
    return min(len(before), len(after)) > len(members) // 2


# Without sentences cut at page breaks: this many regular recurrences, this regular.
MIN_REGULAR_PAGES = 4
STRICT_PAGE_REGULARITY = 1.25
# A printed page holds at least this many lines, and its pages hold about as many each.
MIN_PAGE_LINES = 10
PAGE_REGULARITY = 1.5


def _interrupts(shape: Shape, text_lines: list[Line], pos: int) -> bool:
    """Between a full line that stops mid-sentence and the line that goes on with it."""
    if pos == 0 or pos + 1 >= len(text_lines):
        return False
    prev, nxt = text_lines[pos - 1], text_lines[pos + 1]
    return shape.full(prev) and _splits_sentence(prev, nxt)


def _misread_rule(line: Line) -> bool:
    """A line right under a page's first line that is not text: its rule, as OCR read it."""
    s = line.stripped
    if noise_kind(line) is not None or is_rule(line):
        return True
    visible = s.replace(" ", "")
    if (
        0 < len(visible) <= 3
        and not (line.heading_like or line.terminal)
        and len(HAN_RE.findall(visible)) <= 1
    ):
        return True  # 人， / 二 / |: too short for a line of text under a header (报告 is a word)
    return 0 < len(s) <= 8 and not HAN_RE.search(s) and not any(ch.isdigit() for ch in s) and "," not in s


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    lines = split_lines(text)
    if len(lines) < 2 or not HAN_RE.search(text):
        return  # furniture is told from a Chinese page's prose; plain Latin text is left alone
    found = find_furniture(measure(text, lines), ctx.config.headers)
    if ctx.furniture:
        _by_place(lines, ctx, found)
    # A header removed from the top of the text takes the blank lines under it along.
    first = next((i for i, ln in enumerate(lines) if not ln.blank), None)
    if first is not None and first in found and found[first][1] is Safety.SAFE:
        i = first + 1
        while (
            i < len(lines) - 1
            and (lines[i].blank or i in found)
            and found.get(i, ("", Safety.SAFE))[1] is Safety.SAFE
        ):
            if lines[i].blank:
                found[i] = ("blank line under a removed header", Safety.SAFE)
            i += 1
    if not found:
        return
    safe = {i for i, (_, safety) in found.items() if safety is Safety.SAFE}
    found = {i: v for i, v in found.items() if not (lines[i].blank and i not in safe)}
    done: set[int] = set()
    last_end = -1  # removals never overlap: a blank line one removal takes, the next leaves
    for edit in _removals(lines, found, safe, done):
        if edit.start < last_end:
            if edit.end <= last_end:
                continue
            edit = Edit(last_end, edit.end, edit.new, edit.reason, edit.safety)
        last_end = edit.end
        yield edit


def _by_place(lines: list[Line], ctx: Context, found: dict[int, tuple[str, Safety]]) -> None:
    """Lines an engine's boxes place in the pages' margins (engine.margins): furniture, where
    their text allows (a header's length, no sentence's end)."""
    for i, ln in enumerate(lines):
        if ln.blank or (i in found and found[i][1] is Safety.SAFE):
            continue
        lead = len(ln.body) - len(ln.body.lstrip("\x0c"))
        why = ctx.margin(ln.start + lead)
        if why is None or len(ln.stripped) > MAX_HEADER + 4:
            continue
        found[i] = (f"{ln.stripped}: {why}", Safety.SAFE)


def _removals(
    lines: list[Line], found: dict[int, tuple[str, Safety]], safe: set[int], done: set[int]
) -> Iterator[Edit]:
    run_first, run_last = 0, None
    for idx, (reason, safety) in sorted(found.items()):
        if idx in done:
            continue
        if safety is Safety.SAFE:
            # The run of furniture and blank lines this line belongs to, measured once per run
            # (the lines come in order: a line inside the last run measured belongs to it).
            if run_last is not None and idx <= run_last:
                first, last = run_first, run_last
            else:
                first, last = idx, idx
                while first > 0 and (first - 1 in safe or lines[first - 1].blank):
                    first -= 1
                while last + 1 < len(lines) and (last + 1 in safe or lines[last + 1].blank):
                    last += 1
                run_first, run_last = first, last
            prev = lines[first - 1] if first > 0 else None
            nxt = lines[last + 1] if last + 1 < len(lines) else None
            if _splits_sentence(prev, nxt):
                assert prev is not None and nxt is not None
                run = [i for i in range(first, last + 1) if i in safe]
                done.update(run)
                what = "; ".join(found[i][0] for i in run)
                # The sentence goes on across the page: its page break goes with the furniture.
                lead = len(nxt.body) - len(nxt.body.lstrip(" \t\u3000\x0c"))
                yield Edit(prev.end, nxt.start + lead, "", f"{what} inside a sentence")
                continue
        done.add(idx)
        yield from _remove_line(lines, idx, reason, safety, found)


def _remove_line(
    lines: list[Line], idx: int, reason: str, safety: Safety, found: dict[int, tuple[str, Safety]]
) -> Iterator[Edit]:
    start, end = removal_span(lines, idx, found)
    line = lines[idx]
    if start == line.start and line.body.startswith("\x0c"):
        start += 1  # the page break stays where the page began
    if idx > 0 and lines[idx - 1].blank and idx + 1 < len(lines) and lines[idx + 1].blank:
        if idx + 1 not in found:
            end = lines[idx + 1].next_start  # between two blank lines: keep one of them
    yield Edit(start, end, "", reason, safety)


def _splits_sentence(prev: Line | None, nxt: Line | None) -> bool:
    """The line before stops mid-sentence and the line after goes on with it."""
    if prev is None or nxt is None:
        return False
    # A short line before the break goes on only if the break cut a word (多|国人士, 的|团结).
    pair = prev.body.rstrip()[-1:] + nxt.stripped[:1]
    long_enough = (
        prev.width >= MIN_WRAP
        or bigram_count(pair) >= WORD_PAIR
        # A sentence broken off (a mark inside, none at its end: 这种现象过去就有，经过), or an
        # article's number alone, goes on after the page break.
        or (not prev.terminal and PUNCT_RE.search(prev.body) is not None)
        or ARTICLE_NUMBER_ONLY_RE.fullmatch(prev.body) is not None
    )
    return bool(
        long_enough
        and prev.has_han
        and not prev.terminal
        and (prev.article or not prev.heading_like or _running_item(prev))
        and not nxt.heading_like
        and not nxt.indented
        and _continues(nxt.stripped)
    )


def _running_item(line: Line) -> bool:
    """A numbered item that is running text, not a heading: long, with a comma ((一)…，)."""
    return line.width >= 2 * MIN_WRAP and ("\uff0c" in line.body or "," in line.body)


_CONTINUE_RE = regex.compile(
    f"[{HAN}\uff0c\u3001\u3002\uff1b\uff1a\uff1f\uff01\u201d\u300b\uff09,.;:0-9A-Za-z%\uff05]"
)


def _continues(line_start: str) -> bool:
    return bool(line_start) and _CONTINUE_RE.match(line_start) is not None
