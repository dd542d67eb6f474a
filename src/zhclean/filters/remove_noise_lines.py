"""Remove lines an OCR engine read out of speckle and smudges.

What it fixes: lines that belong to no sentence: a lone character (``全``, ``扣``), Han mixed
with digits or letters that form no number (``一于7了7``, ``下8二``, ``本53``), a few letters or
symbols alone (``Tt``, ``ee``, ``|``), and long runs of improbable characters broken by spaces with
no punctuation at all (``的的 交人生计半攻二牢全和 且汪全生生生生计``); and junk that trails a line
after a wide gap (``在全国发行。          |``).

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
heading or list marker, a date, a number with its unit, or a word of two or more Han
characters alone (a name, a signature, a short heading) is never removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from ..core import Edit
from ..layout import Line, measure, noise_kind, removal_span, split_lines

if TYPE_CHECKING:
    from ..pipeline import Context

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
        noise[i] = kind
    junk_lines = {text.count("\n", 0, m.start()) for m in TRAILING_JUNK_RE.finditer(text)}
    for i, kind in noise.items():
        if i in junk_lines:
            continue
        start, end = removal_span(lines, i, noise)
        yield Edit(start, end, "", f"noise line {lines[i].stripped!r}: {kind}")
