"""What a filter may know beside its input text: the :class:`Context` of one run (configuration,
damage so far, the spans no edit may touch).

Filters import this, never the pipeline that runs them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import regex

from ..core.config import Config
from ..core.edits import Edit
from ..core.lexicon import mainly_traditional
from ..core.words import word_finder
from .spans import Protected, code_blocks


def _same(offset: int) -> int:
    return offset


class Context:
    """What a filter may know beside its input text: the configuration, and shared helpers."""

    __slots__ = (
        "_frozen",
        "_frozen_for",
        "_ignored",
        "_protected",
        "_protected_for",
        "_script",
        "_script_for",
        "across",
        "allow",
        "breaks",
        "confidence",
        "config",
        "damage",
        "furniture",
        "indented",
        "original",
        "specks",
    )

    def __init__(self, config: Config) -> None:
        self.config = config
        # Repairs so far, in this run, of faults only OCR or text extraction make (broken lines,
        # page furniture, radicals for characters, spaces between characters ...): a document
        # that shows such damage is more likely to hold misreadings too.
        self.damage = 0
        # What an engine's boxes say of line feeds of the original text (engine.geometry), and
        # where an offset of the current text lies in the original: set for structured input.
        self.breaks: dict[int, str] = {}
        self.across: dict[int, int] = {}  # a page's last line end -> the next page's first line
        self.confidence: dict[int, float] = {}
        self.furniture: dict[int, str] = {}
        self.indented = False  # the boxes show paragraphs starting with an indented full line
        self.specks: dict[int, tuple[int, str]] = {}
        self.original: Callable[[int], int] = _same
        self._protected_for: str | None = None
        self._protected: Protected | None = None
        self._frozen_for: str | None = None
        self._frozen: Spans | None = None
        self._ignored: list[tuple[int, int, frozenset[str]]] = []
        self._script_for: str | None = None
        self._script = False
        self.allow = word_finder(config.extend_allow)

    def shows_damage(self, text: str) -> bool:
        """Whether the repairs so far show ``text`` damaged by OCR or extraction (at least one
        per ``STYLE_DAMAGE_SPAN`` characters).

        Normalisations of style (a document's stray full-width digit, a lone ``…``, a space beside
        a Latin word) are safe only in such a document: in one that shows no damage they are the
        author's, and correct text must come out as it went in.
        """
        return self.damage > 0 and self.damage * STYLE_DAMAGE_SPAN >= len(text)

    def style(self, text: str, edit: Edit) -> Edit | None:
        """``edit``, a normalisation of a form a document may write as its convention, as this
        document allows it: safe where the document shows OCR or extraction damage, else None
        (the author's choice; correct text comes out as it went in)."""
        if self.shows_damage(text):
            return Edit(edit.start, edit.end, edit.new, edit.reason, edit.safety, style=True)
        return None

    def convention(self, text: str, edit: Edit, *, stray: str | None) -> Edit | None:
        """``edit`` to a form the document may write as its convention: where ``stray`` says
        why the form is a stray (the document writes the other form N times as often), a fault
        of the document's own evidence, safe in any document (and no sign of OCR damage);
        otherwise as :meth:`style`."""
        if stray is not None:
            return Edit(edit.start, edit.end, edit.new, f"{edit.reason} ({stray})", edit.safety, style=True)
        return self.style(text, edit)

    def traditional(self, text: str) -> bool:
        """Whether ``text`` is a traditional-character document (decided once per text)."""
        if self._script_for is not text:
            self._script = mainly_traditional(text)
            self._script_for = text
        return self._script

    def protected(self, text: str) -> Protected:
        """The spans of ``text`` no filter may touch (URLs, e-mail addresses, file names, code)."""
        if self._protected is None or self._protected_for is not text:
            self._protected = Protected(text)
            self._protected_for = text
        return self._protected

    def break_evidence(self, offset: int, following: int | None = None) -> str | None:
        """What an engine's boxes say of the line feed at ``offset`` of the current text
        (``indent``, ``gap``, ``short``, ``wrap``; see engine.geometry), or None. At a page's
        end the boxes judged it against the next page's first line of text: that evidence
        holds only where the line after the break (starting at ``following``, past a form
        feed) is that line (not a header or page number the text still holds)."""
        if not self.breaks:
            return None
        at = self.original(offset)
        if at in self.across and (following is None or self.original(following) != self.across[at]):
            return None
        return self.breaks.get(at)

    def line_confidence(self, offset: int) -> float | None:
        """How sure the engine was of the line that starts at ``offset`` of the current text
        (0 to 1, the mean over its characters), or None (plain text, or no such line)."""
        if not self.confidence:
            return None
        return self.confidence.get(self.original(offset))

    def margin(self, offset: int) -> str | None:
        """Why the line that starts at ``offset`` of the current text (after a form feed) is
        page furniture by its place on the page (engine.margins), or None."""
        if not self.furniture:
            return None
        return self.furniture.get(self.original(offset))

    def speck(self, offset: int) -> tuple[int, str] | None:
        """How many characters at ``offset`` of the current text (a line's start) the engine
        read out of a speck, and why; or None."""
        if not self.specks:
            return None
        return self.specks.get(self.original(offset))

    def frozen(self, text: str, filter_id: str | None = None) -> Spans | None:
        """Spans no edit of ``filter_id`` may touch, and where it reports nothing:
        ``zhclean: off`` ... ``zhclean: on`` regions, lines that say ``zhclean: ignore`` (or
        ``zhclean: ignore[id, ...]`` naming this filter), allowed words, Markdown code blocks
        (fenced; indented too in a Markdown file)."""
        if self._frozen_for is not text:
            spans: list[tuple[int, int]] = []
            self._ignored = []
            if "zhclean:" in text:
                spans.extend(off_regions(text))
                for start, line_end, m in directive_lines(text, IGNORE_RE):
                    ids = m.group("ids")
                    end = line_end + 1  # with its line end: a finding after the last character
                    if ids is None:
                        spans.append((start, end))
                    else:
                        names = frozenset(i for i in regex.split(r"[\s,]+", ids) if i)
                        self._ignored.append((start, end, names))
            if self.allow is not None:
                spans.extend((start, end) for start, end, _ in self.allow.finditer(text))
            spans.extend(code_blocks(text, indented=self.config.markdown))
            self._frozen = Spans(spans) if spans else None
            self._frozen_for = text
        if filter_id is None or not self._ignored:
            return self._frozen
        mine = [(s, e) for s, e, names in self._ignored if filter_id in names]
        if not mine:
            return self._frozen
        if self._frozen is not None:
            mine.extend(self._frozen.spans)
        return Spans(mine)


# A document shows damage with at least one repair of an OCR fault per this many characters.
STYLE_DAMAGE_SPAN = 2000


class Spans:
    """Possibly overlapping spans, for "does [start, end) touch any of them" queries."""

    __slots__ = ("_ends", "_starts", "spans")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.spans = spans
        self._starts = [s for s, _ in spans]
        ends, high = [], -1
        for _, e in spans:
            high = max(high, e)
            ends.append(high)  # the furthest end among spans starting here or earlier
        self._ends = ends

    def touches(self, start: int, end: int) -> bool:
        import bisect

        # Spans starting before the edit's end (or at an insertion point inside them).
        i = bisect.bisect_right(self._starts, max(start, end - 1)) - 1
        return i >= 0 and self._ends[i] > start


# The directives, in any comment syntax or in the text itself: from a line that says
# "zhclean: off" to one that says "zhclean: on" (or to the end of the text), nothing is touched;
# on a line that says "zhclean: ignore", like ruff's noqa comments, nothing is edited or
# reported, and "zhclean: ignore[detect-text-loss]" only silences the filters named. Searched
# for as directives, then widened to their lines: a pattern of the whole line
# (^[^\n]*\bzhclean:...) backtracks over the line for every "zhclean:" in it, quadratic in a
# long line.
OFF_RE = regex.compile(r"\bzhclean:[^\S\n]*off\b")
ON_RE = regex.compile(r"\bzhclean:[^\S\n]*on\b")
IGNORE_RE = regex.compile(r"\bzhclean:[^\S\n]*ignore(?:\[(?P<ids>[^\]\n]*)\])?")


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def directive_lines(text: str, pattern: regex.Pattern[str]) -> Iterator[tuple[int, int, regex.Match[str]]]:
    """Each line holding ``pattern``, as (start, end without its newline, the last match on
    it), in one pass: later matches on a line are skipped without looking back."""
    start = end = -1
    last = None
    for m in pattern.finditer(text):
        if m.start() >= end:  # a new line
            if last is not None:
                yield start, end, last
            start = text.rfind("\n", 0, m.start()) + 1  # back to the end of the last line seen
            end = _line_end(text, m.end())
        last = m
    if last is not None:
        yield start, end, last


def off_regions(text: str) -> Iterator[tuple[int, int]]:
    """The ``zhclean: off`` ... ``zhclean: on`` regions of ``text``, whole lines."""
    pos = 0
    while (off := OFF_RE.search(text, pos)) is not None:
        start = text.rfind("\n", 0, off.start()) + 1
        on = ON_RE.search(text, _line_end(text, off.end()) + 1)
        if on is None:
            yield start, len(text)
            return
        pos = _line_end(text, on.end())
        yield start, pos


def ignore_ids(text: str) -> list[tuple[int, str]]:
    """The filter ids named in the ``zhclean: ignore[...]`` comments of ``text``, with offsets."""
    found = []
    if "zhclean:" in text:
        for _, _, m in directive_lines(text, IGNORE_RE):
            if m.group("ids") is not None:
                found.extend((m.start("ids"), i) for i in regex.split(r"[\s,]+", m.group("ids")) if i)
    return found


# A form is a stray where the document writes the other form at least this many times as often
# (and at least STRAY_MIN times): a minority that breaks the document's own convention.
STRAY_MAJORITY = 2
STRAY_MIN = 2


def stray(written: int, convention: int, form: str) -> str | None:
    """Why ``written`` uses of a form are strays against ``convention`` uses of ``form`` (the
    reason an edit quotes), or None where the document's convention is not clear."""
    if written and convention >= STRAY_MIN and convention >= STRAY_MAJORITY * written:
        return f"the document writes {form} {convention} times, this {written}"
    return None
