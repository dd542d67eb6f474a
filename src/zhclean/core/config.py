"""The options of a run, as one immutable value shared by the library and the CLI."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from .errors import ConfigError

DEFAULT_MARK = "\u3014\u2026\u3015"  # 〔…〕, where text was lost


@dataclass(frozen=True, slots=True)
class Config:
    """What to run and how far to go.

    ``select`` names the filters to run (``None``: every default filter); ``ignore`` removes
    filters from that set. ``unsafe_fixes`` also applies edits a filter marks as only likely.
    ``headers`` are lines known to be running headers (given by the user, or learned from other
    pages of the same batch): at the top of a page they are removed. ``mark_gaps`` is a marker
    to insert where text was lost (``〔…〕``); ``None`` reports without marking. ``extend_allow``
    lists words no filter may change; ``extend_corrections`` are a project's own ``(wrong,
    right)`` pairs, applied by the apply-project-corrections filter. ``script`` (``s``, ``t``,
    ``tw``, ``hk``) converts whole documents to that script.

    The fields are the keys of ``[tool.zhclean]`` with ``_`` for ``-`` (``unsafe-fixes`` is
    ``unsafe_fixes``), less the keys that only concern files (``include``, ``jobs`` ...).
    """

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    headers: tuple[str, ...] = ()
    mark_gaps: str | bool | None = None
    extend_allow: tuple[str, ...] = ()
    extend_corrections: tuple[tuple[str, str], ...] = ()
    script: str | None = None
    markdown: bool = False  # the text is Markdown: its indented code blocks are code too

    def __post_init__(self) -> None:
        # Config(ignore="normalize-spacing") and Config(mark_gaps=True) mean what the same keys
        # mean in [tool.zhclean] and in clean(..., ignore=...): normalised here, once.
        for name in ("select", "ignore"):
            value = getattr(self, name)
            if isinstance(value, str):
                object.__setattr__(self, name, tuple(v for v in value.replace(",", " ").split() if v))
            elif value is not None and not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        if isinstance(self.headers, str):
            object.__setattr__(self, "headers", (self.headers,))
        if self.mark_gaps is True:
            object.__setattr__(self, "mark_gaps", DEFAULT_MARK)
        elif self.mark_gaps is False or self.mark_gaps == "":
            object.__setattr__(self, "mark_gaps", None)
        if self.script is not None and self.script not in ("s", "t", "tw", "hk"):
            raise ConfigError(f"script must be one of s, t, tw, hk, not {self.script!r}")

    @classmethod
    def from_options(cls, **options: Any) -> Config:
        """Build a Config from keyword options, rejecting unknown names with a suggestion."""
        known = {f.name for f in fields(cls)}
        for name in options:
            if name not in known:
                raise ConfigError(f"unknown option {name!r}{_did_you_mean(name, known)}")
        if isinstance(options.get("extend_corrections"), dict):
            options["extend_corrections"] = tuple(options["extend_corrections"].items())
        for name in ("extend_allow", "extend_corrections"):
            if options.get(name) is not None:
                options[name] = tuple(tuple(v) if isinstance(v, (list, tuple)) else v for v in options[name])
        if isinstance(options.get("headers"), str):
            options["headers"] = (options["headers"],)
        elif options.get("headers") is not None:
            options["headers"] = tuple(options["headers"])
        for name in ("select", "ignore"):
            value = options.get(name)
            if isinstance(value, str):
                options[name] = tuple(v for v in value.replace(",", " ").split() if v)
            elif value is not None:
                options[name] = tuple(value)
        return cls(**options)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the nearest choice, or an empty string."""
    return _did_you_mean(word, choices)
