"""The HTML report (``--report FILE``): one self-contained page for a run.

No network and no external assets: styles and the few lines of script are inline. The page has
a summary (files, edits per filter as a bar chart, suggestions, findings), then every file with
changes: each changed line with its edits highlighted in place, coloured by filter, the reason
on hover; then the suggestions that were not applied and the text-loss findings, with
line:column. Files are collapsed (the first few open), a box filters them by name, and a file
shows at most ``MAX_LINES`` changed lines, so a batch of thousands of files or a document of
tens of thousands of lines stays readable.

Workers collect what a file's page needs (:func:`collect`: the changed lines and the changes in
them, nothing else), so a report costs little memory and crosses process boundaries cheaply.
"""

from __future__ import annotations

import colorsys
import datetime
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.edits import Change, Result

MAX_LINES = 400  # changed lines shown per file
MAX_ITEMS = 400  # suggestions and findings listed per file
OPEN_FILES = 10  # files shown open at first
CONTEXT = 160  # characters of a long line shown around its changes


@dataclass
class Mark:
    """One change as the page shows it, positioned in its line of the original text."""

    column: int  # 0-based, in characters
    before: str
    after: str | None  # None: a finding
    filter: str
    reason: str
    kind: str  # "edit", "suggestion" or "finding"


@dataclass
class FileDetails:
    """What the report shows of one file."""

    name: str
    lines: list[tuple[int, str, list[Mark]]] = field(default_factory=list)  # number, text, marks
    items: list[tuple[int, int, Mark]] = field(default_factory=list)  # suggestions and findings
    hidden_lines: int = 0
    hidden_items: int = 0
    note: str = ""


def collect(name: str, original: str, result: Result) -> FileDetails:
    """The changed lines of ``original`` and the changes in them."""
    details = FileDetails(name)
    by_line: dict[int, list[Mark]] = {}
    for change in result.items():
        mark = _mark(change)
        by_line.setdefault(change.line, []).append(mark)
        if mark.kind != "edit":
            if len(details.items) < MAX_ITEMS:
                details.items.append((change.line, change.column, mark))
            else:
                details.hidden_items += 1
    if not by_line:
        return details
    text_lines = original.split("\n")
    for number in sorted(by_line):
        if len(details.lines) >= MAX_LINES:
            details.hidden_lines += 1
            continue
        line = text_lines[number - 1] if number - 1 < len(text_lines) else ""
        details.lines.append((number, line.rstrip("\r"), sorted(by_line[number], key=lambda m: m.column)))
    return details


def _mark(change: Change) -> Mark:
    return Mark(
        change.column - 1, change.before or "", change.after, change.filter, change.reason, str(change.kind)
    )


def render(files: list[FileDetails], totals: dict[str, int], per_filter: Counter[str], version: str) -> str:
    """The whole page."""
    shown = [f for f in files if f.lines or f.items or f.note]
    colours = {
        fid: _colour(fid)
        for fid in sorted({m.filter for f in shown for _, _, ms in f.lines for m in ms} | set(per_filter))
    }
    out = [_HEAD, "<body>", "<header><h1>zhclean report</h1>"]
    stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    facts = " · ".join(f"{escape(k)} {v:,}" for k, v in totals.items())
    out.append(f'<p class="meta">{facts} · zhclean {escape(version)} · {stamp}</p></header>')
    out.append(_style_for(colours))
    out.append(_bars(per_filter, colours))
    out.append('<section id="files"><h2>Files with changes</h2>')
    if not shown:
        out.append("<p>Nothing to change: every file is clean.</p>")
    else:
        out.append(
            '<p><input id="q" type="search" placeholder="show files whose name contains…" '
            'aria-label="filter files by name"> <span id="count"></span></p>'
        )
        for n, details in enumerate(shown):
            out.append(_file(details, n < OPEN_FILES))
    out.append("</section>")
    out.append(_SCRIPT)
    out.append("</body></html>\n")
    return "\n".join(out)


def _colour(fid: str) -> str:
    hue = int(hashlib.sha1(fid.encode()).hexdigest()[:4], 16) / 0xFFFF
    r, g, b = colorsys.hls_to_rgb(hue, 0.45, 0.65)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"


def _style_for(colours: dict[str, str]) -> str:
    rules = "\n".join(f".f-{fid} {{ --c: {c}; }}" for fid, c in colours.items())
    return f"<style>\n{rules}\n</style>"


def _bars(per_filter: Counter[str], colours: dict[str, str]) -> str:
    out = ['<section id="summary"><h2>Edits per filter</h2>']
    if not per_filter:
        out.append("<p>No edits.</p>")
    else:
        top = max(per_filter.values())
        out.append('<div class="bars" role="list">')
        for fid, n in per_filter.most_common():
            width = max(1.0, 100 * n / top)
            out.append(
                f'<div class="bar f-{escape(fid)}" role="listitem"><span class="label">{escape(fid)}</span>'
                f'<span class="track"><span class="fill" style="width:{width:.1f}%"></span></span>'
                f'<span class="n">{n:,}</span></div>'
            )
        out.append("</div>")
    out.append("</section>")
    return "\n".join(out)


def _file(details: FileDetails, open_: bool) -> str:
    edits = sum(1 for _, _, ms in details.lines for m in ms if m.kind == "edit")
    summary = f"{edits} edit{'s' * (edits != 1)}"
    if details.items:
        summary += f", {len(details.items) + details.hidden_items} not applied"
    out = [
        f'<details class="file" data-name="{escape(details.name.lower())}"{" open" if open_ else ""}>',
        f'<summary><code>{escape(details.name)}</code> <span class="sum">{summary}</span></summary>',
    ]
    if details.note:
        out.append(f'<p class="note">{escape(details.note)}</p>')
    if details.lines:
        out.append('<table class="lines"><tbody>')
        for number, text, marks in details.lines:
            out.append(f'<tr><td class="ln">{number}</td><td class="txt">{_line(text, marks)}</td></tr>')
        out.append("</tbody></table>")
        if details.hidden_lines:
            more = f"… and {details.hidden_lines} more changed lines (zhclean --diff shows all)."
            out.append(f'<p class="note">{more}</p>')
    if details.items:
        out.append('<h3>Not applied: suggestions and findings</h3><ul class="items">')
        for line, column, mark in details.items:
            change = (
                f" <del>{_visible(mark.before)}</del> → <ins>{_visible(mark.after)}</ins>"
                if mark.after is not None
                else ""
            )
            label = "suggestion" if mark.kind == "suggestion" else "finding"
            out.append(
                f'<li class="{label} f-{escape(mark.filter)}"><span class="pos">{line}:{column}</span> '
                f'<span class="tag">{label}</span> <span class="fid">{escape(mark.filter)}</span>{change} '
                f'<span class="why">{escape(mark.reason)}</span></li>'
            )
        out.append("</ul>")
        if details.hidden_items:
            out.append(f'<p class="note">… and {details.hidden_items} more (zhclean --check lists all).</p>')
    out.append("</details>")
    return "\n".join(out)


def _line(text: str, marks: list[Mark]) -> str:
    """The line with its changes in place; a long line is cut around them."""
    lo = max(0, marks[0].column - CONTEXT) if len(text) > 2 * CONTEXT else 0
    hi = (
        min(len(text), marks[-1].column + len(marks[-1].before) + CONTEXT)
        if len(text) > 2 * CONTEXT
        else len(text)
    )
    out = ["…" if lo else ""]
    pos = lo
    for mark in marks:
        start = max(mark.column, pos)
        out.append(escape(text[pos:start]))
        title = escape(f"{mark.filter}: {mark.reason}")
        if mark.kind == "finding":
            out.append(f'<mark class="finding f-{escape(mark.filter)}" title="{title}">⚑</mark>')
            pos = start
            continue
        cls = "chg" if mark.kind == "edit" else "chg sug"
        out.append(
            f'<span class="{cls} f-{escape(mark.filter)}" title="{title}">'
            f"<del>{_visible(mark.before)}</del><ins>{_visible(mark.after or '')}</ins></span>"
        )
        # The text an edit replaces is not shown again (only what lies in this line).
        pos = max(pos, min(len(text), start + len(mark.before.split("\n", 1)[0])))
    out.append(escape(text[pos:hi]))
    out.append("…" if hi < len(text) else "")
    return "".join(out)


def _visible(text: str | None) -> str:
    """Whitespace made visible: a removed space or line break must show."""
    if not text:
        return ""
    return escape(text).replace(" ", "␣").replace("\u3000", "□").replace("\n", "⏎").replace("\t", "⇥")


_HEAD = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>zhclean report</title>
<style>
body { font: 15px/1.6 system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem; color: #222; background: #fff; }
h1 { margin: 0.2rem 0; } .meta { color: #555; margin-top: 0; }
.bars { display: grid; gap: 0.25rem; max-width: 48rem; }
.bar { display: grid; grid-template-columns: 14rem 1fr 4rem; align-items: center; gap: 0.5rem; }
.bar .label { font-family: ui-monospace, monospace; font-size: 0.85rem; }
.bar .track { background: #eee; height: 0.9rem; border-radius: 3px; }
.bar .fill { display: block; height: 100%; background: var(--c, #888); border-radius: 3px; }
.bar .n { text-align: right; font-variant-numeric: tabular-nums; }
details.file { border: 1px solid #ddd; border-radius: 6px; margin: 0.5rem 0; padding: 0.3rem 0.6rem; }
details.file > summary { cursor: pointer; } .sum { color: #555; }
table.lines { border-collapse: collapse; width: 100%; }
td.ln { color: #888; text-align: right; padding-right: 0.6rem; vertical-align: top;
        font-variant-numeric: tabular-nums; user-select: none; width: 3.5rem; }
td.txt { white-space: pre-wrap; word-break: break-all; }
.chg { border-bottom: 2px solid var(--c, #888); cursor: help; }
.chg del { background: #fdd; color: #900; } .chg ins { background: #dfd; color: #060; text-decoration: none; }
.chg.sug { border-bottom-style: dashed; } .chg.sug ins { background: #ffe9b3; color: #640; }
mark.finding { background: #ffd54f; color: #000; cursor: help; border-radius: 2px; }
ul.items { padding-left: 1.2rem; } ul.items li { margin: 0.15rem 0; }
.pos { font-family: ui-monospace, monospace; color: #555; }
.tag { font-size: 0.75rem; padding: 0 0.3rem; border-radius: 3px; background: #eee; }
li.finding .tag { background: #ffd54f; } li.suggestion .tag { background: #ffe9b3; }
.fid { font-family: ui-monospace, monospace; font-size: 0.85rem; border-left: 4px solid var(--c, #888);
       padding-left: 0.3rem; }
.why { color: #444; } .note { color: #666; font-style: italic; }
input#q { font: inherit; padding: 0.2rem 0.4rem; width: 22rem; }
</style>
</head>"""

_SCRIPT = """<script>
(function () {
  var box = document.getElementById("q");
  if (!box) return;
  var files = Array.prototype.slice.call(document.querySelectorAll("details.file"));
  var count = document.getElementById("count");
  function update() {
    var q = box.value.trim().toLowerCase(), shown = 0;
    files.forEach(function (f) {
      var hit = !q || f.getAttribute("data-name").indexOf(q) !== -1;
      f.hidden = !hit;
      if (hit) shown += 1;
    });
    count.textContent = shown + " of " + files.length + " files";
  }
  box.addEventListener("input", update);
  update();
})();
</script>"""
