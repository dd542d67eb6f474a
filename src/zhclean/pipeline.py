"""Runs the filters in registry order and maps every edit back to the original text."""

from __future__ import annotations

from typing import Any

from .config import Config, did_you_mean
from .core import Change, Edit, Finding, Kind, LineIndex, OffsetMap, Result, Safety, Stage, apply_edits
from .errors import ConfigError
from .filters import BY_ID, REGISTRY, Filter
from .spans import Protected


class Context:
    """What a filter may know beside its input text: the configuration, and shared helpers."""

    __slots__ = ("_protected", "_protected_for", "config")

    def __init__(self, config: Config) -> None:
        self.config = config
        self._protected_for: str | None = None
        self._protected: Protected | None = None

    def protected(self, text: str) -> Protected:
        """The spans of ``text`` no filter may touch (URLs, e-mail addresses, file names, code)."""
        if self._protected is None or self._protected_for is not text:
            self._protected = Protected(text)
            self._protected_for = text
        return self._protected


class Pipeline:
    """An ordered selection of filters, built once from a :class:`Config` and reused."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.filters: tuple[Filter, ...] = select_filters(self.config)

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["config"])  # type: ignore[misc]

    def run(self, text: str) -> Result:
        ctx = Context(self.config)
        result = Result(text=text, original=text)
        offsets = OffsetMap()
        lines: LineIndex | None = None
        apply_unsafe = self.config.unsafe_fixes
        for flt, propose in ((f, p) for f in self.filters for p in f.passes):
            applied: list[Edit] = []
            pending: list[tuple[Kind, Edit | Finding]] = []
            last_end = -1
            for item in sorted(propose(text, ctx), key=_position):
                if isinstance(item, Finding):
                    pending.append((Kind.FINDING, item))
                    continue
                if item.safety is Safety.SAFE or (apply_unsafe and item.safety is Safety.UNSAFE):
                    if item.start < last_end:
                        raise AssertionError(f"{flt.id}: overlapping edits at {item.start}")
                    last_end = item.end
                    applied.append(item)
                    pending.append((Kind.EDIT, item))
                else:
                    pending.append((Kind.SUGGESTION, item))
            if not pending:
                continue
            if lines is None:
                lines = LineIndex(result.original)
            for kind, item in pending:
                start = offsets.to_original(item.start)
                end = max(start, offsets.to_original(item.end, end=True))
                line, column = lines.position(start)
                if isinstance(item, Finding):
                    before, after, reason, safety = text[item.start : item.end], None, item.message, None
                else:
                    before, after, reason, safety = (
                        text[item.start : item.end],
                        item.new,
                        item.reason,
                        item.safety,
                    )
                change = Change(kind, flt.id, start, end, line, column, before, after, reason, safety)
                {Kind.EDIT: result.edits, Kind.SUGGESTION: result.suggestions, Kind.FINDING: result.findings}[
                    kind
                ].append(change)
            if applied:
                text = apply_edits(text, applied)
                offsets.push(applied)
                result.stages.append(Stage(flt.id, tuple(applied)))
        result.text = text
        return result


def _position(item: Edit | Finding) -> tuple[int, int]:
    return (item.start, item.end)


def select_filters(config: Config) -> tuple[Filter, ...]:
    """The filters a config selects, in pipeline order; unknown ids are an error."""
    for fid in (*(config.select or ()), *config.ignore):
        if fid not in BY_ID:
            raise ConfigError(f"unknown filter {fid!r}{did_you_mean(fid, BY_ID)}; see --list-filters")
    chosen = set(config.select) if config.select is not None else set(BY_ID)
    chosen -= set(config.ignore)
    return tuple(f for f in REGISTRY if f.id in chosen)
