"""How a change, a suggestion or a finding prints: ``path:line:col: filter-id message``.

The shape of gcc and ruff, which editors, CI annotators and ``grep -n`` habits parse; JSON Lines
(one object per item) for programs; GitHub Actions workflow commands for annotations on a pull
request. Tasks (possibly in worker processes) keep :class:`Item` values; the parent formats them,
so that colour follows the stream they are printed on.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from ..core.chars import terminal_safe
from ..core.edits import Change, Kind

FORMATS = ("text", "json", "github")


@dataclass(frozen=True, slots=True)
class Item:
    """One change, suggestion or finding of a file, under the name it is reported by."""

    name: str
    change: Change


def message(change: Change) -> str:
    """What the item says after its position and filter id."""
    if change.kind is Kind.FINDING:
        return change.reason
    tag = "" if change.kind is Kind.EDIT else f"[{change.safety} suggestion] "
    return f"{tag}{change.reason}: `{visible(change.before)}` -> `{visible(change.after or '')}`"


def text_line(item: Item) -> str:
    """``path:line:col: filter-id message``."""
    c = item.change
    return f"{terminal_safe(item.name)}:{c.line}:{c.column}: {c.filter} {message(c)}"


def text_pieces(item: Item) -> list[tuple[str, str]]:
    """The text line as ``(text, style)`` pieces, for a coloured stream."""
    c = item.change
    kind = "edit" if c.kind is Kind.EDIT else "finding" if c.kind is Kind.FINDING else "suggestion"
    return [
        (terminal_safe(item.name), "path"),
        (f":{c.line}:{c.column}: ", "position"),
        (c.filter, kind),
        (f" {message(c)}", ""),
    ]


def json_line(item: Item) -> str:
    return json.dumps({"path": item.name, **item.change.to_dict()}, ensure_ascii=False)


def github_line(item: Item) -> str:
    """A GitHub Actions workflow command: an error for an edit or a finding (``--check`` fails
    on them), a warning for a suggestion."""
    c = item.change
    level = "warning" if c.kind is Kind.SUGGESTION else "error"
    props = ",".join(
        f"{key}={_escape_property(value)}"
        for key, value in (
            ("title", f"zhclean ({c.filter})"),
            ("file", terminal_safe(item.name)),
            ("line", str(c.line)),
            ("col", str(c.column)),
        )
    )
    return f"::{level} {props}::{_escape_data(text_line(item))}"


def _escape_data(text: str) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_line(item: Item, fmt: str) -> str:
    if fmt == "json":
        return json_line(item)
    if fmt == "github":
        return github_line(item)
    return text_line(item)


def statistics_lines(counts: Counter[tuple[str, str]]) -> list[str]:
    """``count<TAB>filter-id<TAB>kind`` per filter and kind, most first (``--statistics``)."""
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    return [f"{n:>{width}}\t{fid}\t{kind}" for (fid, kind), n in rows]


def visible(text: str) -> str:
    """Show line ends and invisible characters so that a message is never blank."""
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif not ch.isprintable() or ch in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)
