"""Turn stray simplified characters in a traditional document into traditional ones (OpenCC).

What it fixes: in a document written in traditional characters, simplified forms that an OCR
engine (RapidOCR reads about one traditional character in ten as its simplified form), an input
method or copy-and-paste let in: ``這個問题`` → ``這個問題``. OpenCC's ``s2tw`` (``s2hk`` for a
document that writes Hong Kong forms such as ``裏``, ``綫``) gives the traditional form.

Why: the document's own script is the convention; one simplified character in it is a typo to
a reader and breaks search.

Example:

>>> from zhclean import clean
>>> clean("這個問題的答案在問题清單裡，請參閱問題說明。", select=["convert-stray-simplified"])
'這個問題的答案在問題清單裡，請參閱問題說明。'

Safety: only characters that exist solely as simplified forms are touched (Unihan: ``为``,
``们``, ``题``; never ``台``, ``后``, ``里`` or ``个``, which traditional text writes in their own
right), and only in a document written mainly in traditional characters. The edit is safe where
the document writes the traditional form itself at least twice as often as this stray (its own
evidence); where the document writes it at all, or shows OCR damage, a suggestion; elsewhere
(a poem that writes ``脱`` and never ``脫``) nothing is said. A simplified document, and any
document converted on request (``--script``), is left to ``convert-stray-traditional``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from ...core.edits import Edit, Safety
from ...core.lexicon import converter, simplified_only_re
from ..context import stray

if TYPE_CHECKING:
    from ..context import Context

SURROGATE_RE = regex.compile("[\ud800-\udfff]")
# Hong Kong forms (裏 綫 衞 着) against Taiwan's (裡 線 衛 著): which OpenCC table to use.
HK_FORMS_RE = regex.compile("[\u88cf\u7dab\u885e\u7740]")
TW_FORMS_RE = regex.compile("[\u88e1\u7dda\u885b\u8457]")


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    if getattr(ctx.config, "script", None) or not ctx.traditional(text):
        return
    positions = [m.start() for m in simplified_only_re().finditer(text)]
    if not positions:
        return
    hk = len(HK_FORMS_RE.findall(text)) > len(TW_FORMS_RE.findall(text))
    clean = SURROGATE_RE.sub("\ufffd", text)
    converted = converter("s2hk" if hk else "s2tw").convert(clean)
    if len(converted) != len(text):
        return
    counts = Counter(text)
    for i in positions:
        old, new = text[i], converted[i]
        if new == old:
            continue
        reason = f"simplified {old} in a traditional document"
        why = stray(counts[old], counts[new], new)
        if why is not None:
            yield Edit(i, i + 1, new, f"{reason} ({why})")
        elif counts[new] or ctx.shows_damage(text):
            yield Edit(i, i + 1, new, reason, Safety.UNSAFE)
        # else: the document's own variant (脱 in a poem that never writes 脫), or a lone
        # character nothing in the document questions: said nothing about.
