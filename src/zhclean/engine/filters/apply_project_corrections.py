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
from typing import TYPE_CHECKING

from ...core.edits import Edit
from ...core.words import corrections_finder

if TYPE_CHECKING:
    from ..context import Context


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    pairs = ctx.config.extend_corrections
    if not pairs:
        return
    table, finder = corrections_finder(pairs)
    if finder is None:
        return
    for start, end, wrong in finder.finditer(text):
        yield Edit(start, end, table[wrong], f"project correction {wrong} -> {table[wrong]}")
