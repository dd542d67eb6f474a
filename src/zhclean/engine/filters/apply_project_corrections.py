"""Apply a project's own corrections: ``wrong -> right`` pairs from its configuration.

What it fixes: whatever a project lists in ``extend-corrections`` (a table in its zhclean
configuration, or a TSV file): recurring misreadings of its own names and terms that no general
rule can know, such as ``温家室 -> 温家宝``.

Why: the typos model: corrections are data, not code; the people who know the documents add
them, and the tool applies them everywhere, explained like any other edit.

Example:

>>> from zhclean import clean
>>> clean("温家室总理作报告", select=["apply-project-corrections"], extend_corrections=[("温家室", "温家宝")])
'温家宝总理作报告'

Safety: safe: the project asked for exactly these replacements. Longer entries win where
entries overlap; text in ``zhclean: off`` regions and ``extend-allow`` words stays untouched.
Without corrections the filter does nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

import regex

from ...core.edits import Edit

if TYPE_CHECKING:
    from ..context import Context


@cache
def _compile(pairs: tuple[tuple[str, str], ...]) -> tuple[regex.Pattern[str], dict[str, str]]:
    table = dict(pairs)
    alternatives = sorted(table, key=len, reverse=True)
    return regex.compile("|".join(regex.escape(w) for w in alternatives)), table


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    pairs = ctx.config.extend_corrections
    if not pairs:
        return
    pattern, table = _compile(pairs)
    for m in pattern.finditer(text):
        yield Edit(
            m.start(), m.end(), table[m.group()], f"project correction {m.group()} -> {table[m.group()]}"
        )
