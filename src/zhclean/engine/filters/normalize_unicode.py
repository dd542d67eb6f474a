"""Normalise code points that look right but are wrong: invisibles, controls, radicals, full-width.

What it fixes:

- zero-width and invisible characters (ZERO WIDTH SPACE, WORD JOINER, a byte order mark inside
  the text); joiners, directional marks and soft hyphens only next to Han, where they never mean
  anything;
- control characters other than tab, line feed and carriage return;
- Kangxi radicals (U+2F00-U+2FDF) and CJK radicals supplement (U+2E80-U+2EFF) to the ideograph
  they stand for, and CJK compatibility ideographs to their unified ideograph;
- full-width ASCII letters and digits to half-width, where they are strays: the document writes
  most of its letters and digits half-width, and shows OCR or extraction damage elsewhere (in a
  document without, a stray is only suggested). A document written in full-width digits or
  letters (``１９９２年``, ``Ｋｒｏｐｏｔｋｉｎ``) keeps them: its convention wins.

Why: PDF extraction emits radicals and compatibility ideographs for ordinary characters
(``⼈`` for ``人``), which look the same but defeat search, counting and every later filter;
invisibles break words apart; full-width digits are legacy typesetting.

Example:

>>> from zhclean import clean
>>> clean("中华⼈民共和国2023年GDP，２０２４年", select=["normalize-unicode"])
'中华人民共和国2023年GDP，2024年'
>>> clean("１９９２年国民生产总值接近２４０００亿元", select=["normalize-unicode"])
'１９９２年国民生产总值接近２４０００亿元'

Safety: safe. Each mapping is a Unicode equivalence (NFC, NFKC or Equivalent_Unified_Ideograph).
Not touched: the ideographic space (paragraph indentation and law articles use it), full-width
punctuation (see normalize-punctuation), tab, CR and LF, and joiners inside emoji or other scripts.

Data: ``data/radicals.tsv`` (from Unicode's EquivalentUnifiedIdeograph.txt).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

import regex

from ...core.chars import (
    COMPAT_IDEOGRAPHS,
    CONTROL,
    FULLWIDTH_ALNUM,
    FULLWIDTH_OFFSET,
    HAN,
    INVISIBLE_ALWAYS,
    INVISIBLE_BESIDE_HAN,
    RADICALS,
)
from ...core.edits import Edit
from ...core.resources import read_tsv

if TYPE_CHECKING:
    from ..context import Context

SIGNALS_DAMAGE = True  # its repairs show OCR or extraction damage (see Context.damage)

UNICODE_RE = regex.compile(
    rf"(?P<invisible>[{INVISIBLE_ALWAYS}]+"
    rf"|(?<=[{HAN}])[{INVISIBLE_BESIDE_HAN}]+|[{INVISIBLE_BESIDE_HAN}]+(?=[{HAN}]))"
    rf"|(?P<control>[{CONTROL}]+)"
    rf"|(?P<radical>[{RADICALS}]+)"
    rf"|(?P<compat>[{COMPAT_IDEOGRAPHS}]+)"
    rf"|(?P<fullwidth>[{FULLWIDTH_ALNUM}]+)"
)
# A quick test to skip texts with nothing to do (the common case).
_ANY_RE = regex.compile(
    rf"[{INVISIBLE_ALWAYS}{INVISIBLE_BESIDE_HAN}{CONTROL}{RADICALS}{COMPAT_IDEOGRAPHS}{FULLWIDTH_ALNUM}]"
)


@cache
def _radicals() -> dict[str, str]:
    return {row[0]: row[1] for row in read_tsv("radicals.tsv")}


def _names(chars: str) -> str:
    return ", ".join(dict.fromkeys(f"U+{ord(c):04X}" for c in chars))


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    if not _ANY_RE.search(text):
        return
    full_width_document: bool | None = None
    for m in UNICODE_RE.finditer(text):
        kind, old = m.lastgroup, m.group()
        if kind == "invisible":
            yield Edit(m.start(), m.end(), "", f"invisible character {_names(old)}")
        elif kind == "control":
            yield Edit(m.start(), m.end(), "", f"control character {_names(old)}")
        elif kind == "radical":
            table = _radicals()
            new = "".join(table.get(c, c) for c in old)
            if new != old:
                yield Edit(m.start(), m.end(), new, "radical code point for an ideograph")
        elif kind == "compat":
            new = unicodedata.normalize("NFC", old)
            if new != old:
                yield Edit(m.start(), m.end(), new, "compatibility ideograph for a unified one")
        else:
            if full_width_document is None:
                full_width_document = _writes_full_width(text)
            if full_width_document:
                continue
            new = "".join(chr(ord(c) - FULLWIDTH_OFFSET) for c in old)
            styled = ctx.style(text, Edit(m.start(), m.end(), new, "full-width letters or digits"))
            if styled is not None:
                yield styled


FULLWIDTH_RE = regex.compile(f"[{FULLWIDTH_ALNUM}]")
HALFWIDTH_ALNUM_RE = regex.compile("[A-Za-z0-9]")


def _writes_full_width(text: str) -> bool:
    """The document writes at least as many of its letters and digits full-width as half-width."""
    return len(FULLWIDTH_RE.findall(text)) >= len(HALFWIDTH_ALNUM_RE.findall(text))
