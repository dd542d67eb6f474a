"""The filter contract: what a filter returns, and what a run reports.

A filter never rewrites text itself. It looks at the text and proposes :class:`Edit` objects
(replace ``text[start:end]`` with ``new``) and :class:`Finding` objects (a problem it can report but
not fix). The pipeline applies the edits, so every change is explained by construction and a
disabled filter can change nothing.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise


class Safety(str, enum.Enum):
    """How sure a filter is of an edit (after ruff's fix applicability)."""

    SAFE = "safe"  # applied by default
    UNSAFE = "unsafe"  # likely right, applied only with --unsafe-fixes; otherwise a suggestion
    DISPLAY = "display"  # never applied; shown to the user as a suggestion

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` by ``new``, in the coordinates of the text the filter saw."""

    start: int
    end: int
    new: str
    reason: str
    safety: Safety = Safety.SAFE
    # A normalisation of style (full-width digits, a lone ``…``, spacing beside Latin words), not
    # the repair of a fault only OCR or extraction makes: it is no evidence of damage.
    style: bool = False


@dataclass(frozen=True, slots=True)
class Finding:
    """A problem at ``text[start:end]`` that no filter can fix (text lost, say)."""

    start: int
    end: int
    message: str
    mark: str | None = None  # text the user may ask to have inserted at ``start`` (--mark-gaps)


Proposal = Edit | Finding


class Kind(str, enum.Enum):
    EDIT = "edit"  # applied
    SUGGESTION = "suggestion"  # proposed, not applied
    FINDING = "finding"  # reported, nothing to apply

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Change:
    """One reported item of a run, positioned in the *original* text.

    ``line`` and ``column`` are 1-based; the column counts characters (code points), as editors
    and ruff do. ``start``/``end`` are offsets into the original text. ``before`` is the text the
    filter saw, which can differ from ``original[start:end]`` when an earlier filter changed it.
    """

    kind: Kind
    filter: str
    start: int
    end: int
    line: int
    column: int
    before: str
    after: str | None
    reason: str
    safety: Safety | None

    def to_dict(self) -> dict[str, object]:
        return {
            "type": str(self.kind),
            "filter": self.filter,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
            "reason": self.reason,
            "safety": None if self.safety is None else str(self.safety),
        }


@dataclass(frozen=True, slots=True)
class Stage:
    """The edits one filter applied, in the coordinates of its own input (for replay)."""

    filter: str
    edits: tuple[Edit, ...]


@dataclass(slots=True)
class Result:
    """The cleaned text and everything the run did or noticed."""

    text: str
    original: str
    edits: list[Change] = field(default_factory=list)
    suggestions: list[Change] = field(default_factory=list)
    findings: list[Change] = field(default_factory=list)
    stages: list[Stage] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def items(self) -> list[Change]:
        """Edits, suggestions and findings in document order."""
        return sorted((*self.edits, *self.suggestions, *self.findings), key=lambda c: (c.start, c.end))


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits, given in order of position."""
    parts: list[str] = []
    pos = 0
    for e in edits:
        parts.append(text[pos : e.start])
        parts.append(e.new)
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


class LineIndex:
    """Offset to (line, column), both 1-based, for one text. A line ends at LF."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1


def in_output(result: Result, changes: Iterable[Change]) -> list[Change]:
    """``changes`` (not applied: suggestions, findings) positioned in ``result.text``, the text
    the run produced, where a user who wrote it will look for them (ruff reports what is left
    after ``--fix`` in the fixed file). Unchanged where the edits overlap in the original."""
    import dataclasses

    changes = list(changes)
    edits = sorted(result.edits, key=lambda c: (c.start, c.end))
    if not edits or not changes or any(b.start < a.end for a, b in pairwise(edits)):
        return changes
    ends = [e.end for e in edits]
    shift = [0]
    for e in edits:
        shift.append(shift[-1] + len(e.after or "") - (e.end - e.start))
    index = LineIndex(result.text)
    moved = []
    for c in changes:
        k = bisect.bisect_right(ends, c.start)  # edits that end at or before it
        start = c.start + shift[k]
        line, column = index.position(start)
        moved.append(
            dataclasses.replace(c, start=start, end=start + (c.end - c.start), line=line, column=column)
        )
    return moved


class OffsetMap:
    """Maps offsets in the output of a chain of edit stages back to the original text."""

    __slots__ = ("_stages",)

    def __init__(self) -> None:
        # per stage: new starts, new ends, old starts, old ends of its applied edits
        self._stages: list[tuple[list[int], list[int], list[int], list[int]]] = []

    def push(self, edits: list[Edit]) -> None:
        new_starts: list[int] = []
        new_ends: list[int] = []
        old_starts: list[int] = []
        old_ends: list[int] = []
        delta = 0
        for e in edits:
            ns = e.start + delta
            new_starts.append(ns)
            new_ends.append(ns + len(e.new))
            old_starts.append(e.start)
            old_ends.append(e.end)
            delta += len(e.new) - (e.end - e.start)
        self._stages.append((new_starts, new_ends, old_starts, old_ends))

    def to_original(self, offset: int, *, end: bool = False) -> int:
        """Where ``offset`` of the current text lies in the original.

        An offset inside a replacement maps to the start of the text it replaced (or its end,
        for the end of a span).
        """
        for new_starts, new_ends, old_starts, old_ends in reversed(self._stages):
            i = bisect.bisect_right(new_starts, offset) - 1
            if i < 0:
                continue
            if offset < new_ends[i]:
                offset = old_ends[i] if end and offset > new_starts[i] else old_starts[i]
            else:
                offset = offset - new_ends[i] + old_ends[i]
        return offset
