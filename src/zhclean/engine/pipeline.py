"""Runs the filters in registry order and maps every edit back to the original text."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.config import Config, did_you_mean
from ..core.edits import Change, Edit, Finding, Kind, LineIndex, OffsetMap, Result, Safety, Stage, apply_edits
from ..core.errors import ConfigError
from .context import Context
from .filters import BY_ID, REGISTRY, Filter

if TYPE_CHECKING:
    from .geometry import Rendered


class Pipeline:
    """An ordered selection of filters, built once from a :class:`Config` and reused."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config()
        self.filters: tuple[Filter, ...] = select_filters(self.config)

    def __getstate__(self) -> dict[str, Any]:
        return {"config": self.config}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["config"])  # type: ignore[misc]

    def run(self, text: str, evidence: Rendered | None = None) -> Result:
        """Clean ``text``: run the filters in order, then again while they still change it.

        A rule's edit can create what another rule (or the same one) fixes: removing an
        invisible character can complete a paywall marker. Running the whole pipeline again on
        its own output until nothing changes (at most ``MAX_ROUNDS`` times; one round for
        text that needs no edit) makes ``clean`` idempotent by construction. Later rounds are
        new stages, so their edits map back to the original text like the first round's.
        """
        run = _Run(self, text)
        if evidence is not None:
            # What an engine's boxes say of line feeds of ``text``, how sure it was of each
            # line, and which lines stand in the pages' margins (engine.geometry), for the
            # filters that judge line breaks, noise and page furniture.
            run.ctx.breaks = evidence.breaks
            run.ctx.confidence = evidence.confidence
            run.ctx.furniture = evidence.furniture
            run.ctx.indented = evidence.indented
            run.ctx.specks = evidence.specks
            run.ctx.across = evidence.across
            run.ctx.original = run.offsets.to_original
        for _ in range(MAX_ROUNDS):
            if not run.round():
                break
        result = run.result
        result.text = run.text
        if result.suggestions and result.edits:
            # A suggestion an edit of a later round made after all is no longer a suggestion.
            done = {(c.filter, c.start, c.end, c.after) for c in result.edits}
            result.suggestions = [
                c for c in result.suggestions if (c.filter, c.start, c.end, c.after) not in done
            ]
        return result


MAX_ROUNDS = 4

_SHARED: dict[Config, Pipeline] = {}
_LAST_SHARED: dict[int, Pipeline] = {}  # by identity: the configuration last asked for


def shared_pipeline(config: Config) -> Pipeline:
    """One pipeline per configuration and process, built on first use: what batch workers
    (``--jobs``, Dask) use, so the tables load once per process."""
    last = _LAST_SHARED.get(id(config))
    if last is not None and last.config is config:  # no hashing of a million-word list per file
        return last
    pipe = _SHARED.get(config)
    if pipe is None:
        pipe = _SHARED[config] = Pipeline(config)
    _LAST_SHARED.clear()
    _LAST_SHARED[id(config)] = pipe
    return pipe


class _Run:
    """The state of one ``Pipeline.run``: current text, offsets, and what was reported."""

    def __init__(self, pipeline: Pipeline, text: str) -> None:
        self.filters = pipeline.filters
        self.apply_unsafe = pipeline.config.unsafe_fixes
        self.ctx = Context(pipeline.config)
        self.text = text
        self.result = Result(text=text, original=text)
        self.offsets = OffsetMap()
        self.lines: LineIndex | None = None
        self.reported: set[tuple[str, int, int, str]] = set()
        self.version = 0  # how many stages have edited the text
        self.seen: dict[tuple[int, int], tuple[int, int]] = {}  # stage -> (version, damage) it saw

    def round(self) -> bool:
        """One pass of every filter; True if any edit was applied.

        A stage whose input is what it saw last round (nothing edited the text since, and the
        damage count is the same) is not run again: the filters are deterministic, so it would
        propose what it proposed then, which was already applied or reported. In a second round
        this skips the stages after the last one that edited in the first."""
        changed = False
        for i, flt in enumerate(self.filters):
            for j, propose in enumerate(flt.passes):
                state = (self.version, self.ctx.damage)
                if self.seen.get((i, j)) == state:
                    continue
                self.seen[i, j] = state
                if self._stage(flt, propose):
                    changed = True
                    self.version += 1
        return changed

    def _stage(self, flt: Filter, propose: Any) -> bool:
        text = self.text
        applied: list[Edit] = []
        pending: list[tuple[Kind, Edit | Finding]] = []
        last_end = -1
        frozen = self.ctx.frozen(text, flt.id)
        for item in sorted(propose(text, self.ctx), key=_position):
            if frozen is not None and frozen.touches(item.start, item.end):
                continue  # inside a zhclean: off region, or an allowed word
            if isinstance(item, Finding):
                pending.append((Kind.FINDING, item))
            elif item.safety is Safety.SAFE or (self.apply_unsafe and item.safety is Safety.UNSAFE):
                if item.start < last_end:
                    raise AssertionError(f"{flt.id}: overlapping edits at {item.start}")
                last_end = item.end
                applied.append(item)
                pending.append((Kind.EDIT, item))
            else:
                pending.append((Kind.SUGGESTION, item))
        if pending:
            self._report(flt, pending)
        if not applied:
            return False
        self.text = apply_edits(text, applied)
        if flt.signals_damage:
            self.ctx.damage += sum(1 for edit in applied if not edit.style)
        self.offsets.push(applied)
        self.result.stages.append(Stage(flt.id, tuple(applied)))
        return True

    def _report(self, flt: Filter, pending: list[tuple[Kind, Edit | Finding]]) -> None:
        if self.lines is None:
            self.lines = LineIndex(self.result.original)
        result = self.result
        for kind, item in pending:
            start = self.offsets.to_original(item.start)
            end = max(start, self.offsets.to_original(item.end, end=True))
            if isinstance(item, Finding):
                after, reason, safety = None, item.message, None
            else:
                after, reason, safety = item.new, item.reason, item.safety
            if kind is not Kind.EDIT:
                # Suggestions and findings are not applied, so a later round proposes them again.
                key = (flt.id, start, end, reason)
                if key in self.reported:
                    continue
                self.reported.add(key)
            line, column = self.lines.position(start)
            change = Change(
                kind,
                flt.id,
                start,
                end,
                line,
                column,
                # The original text at the reported span, also for an edit of a later round
                # whose input an earlier edit changed there (its ``，，`` was ``，,``).
                result.original[start:end],
                after,
                reason,
                safety,
            )
            if kind is Kind.EDIT:
                result.edits.append(change)
            elif kind is Kind.SUGGESTION:
                result.suggestions.append(change)
            else:
                result.findings.append(change)


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
