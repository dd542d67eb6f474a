"""``zhclean review FILE``: decide, one by one, the suggestions zhclean would not apply itself.

The safe edits are applied first (as ``zhclean -w`` would); then each suggestion is shown in
its line, with the filter's reason, and the reviewer answers:

    a  accept        r  reject        e  edit (type the replacement)
    A  accept every remaining suggestion of this filter
    R  reject every remaining suggestion of this filter
    q  quit: leave the file untouched

At the end the file is written once, atomically, in its own encoding, BOM and line endings.
Answers are read line by line from standard input, so a session can be scripted
(``printf 'a\\nr\\nq\\n' | zhclean review report.txt``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import click

from ..batch.console import console, set_console
from ..core.edits import Change, Edit, LineIndex, OffsetMap, Result, apply_edits
from ..core.errors import ZhcleanError
from .options import color_option

CHOICES = ("a", "r", "e", "A", "R", "q")
CONTEXT = 30  # characters shown each side of a suggestion


def review(
    path: Path,
    config_path: Path | None = None,
    ask: Callable[[str], str] | None = None,
    say: Callable[[str], None] | None = None,
) -> int:
    """Run a review session on ``path``; returns the exit code (0 written or nothing to do,
    1 quit without writing, 2 an error)."""
    from ..engine.pipeline import Pipeline
    from ..files.documents import read_document, write_atomic
    from .options import config_start, effective_options, make_config

    ask = ask or _ask
    say = say or console().out.line
    try:
        doc = read_document(path)
        config = make_config(effective_options(config_path, {}, set(), start=config_start([path])))
    except ZhcleanError as exc:
        console().error(str(exc))
        return 2
    pipeline = Pipeline(config)
    cleaned = pipeline.run(doc.text)
    # Run again on the cleaned text (a fixpoint: no more edits) to position the suggestions in it.
    suggestions = sorted(pipeline.run(cleaned.text).suggestions, key=lambda c: c.start)
    text = cleaned.text
    where = _Positions(doc.text, cleaned)
    say(
        f"{doc.name}: {_count(len(cleaned.edits), 'safe edit')} applied, "
        f"{_count(len(suggestions), 'suggestion')} to review"
    )
    accepted: list[Edit] = []
    decided: dict[str, str] = {}  # filter -> "A" or "R" for the rest of its suggestions
    for number, change in enumerate(suggestions, 1):
        if _overlaps(change, accepted):
            say(f"[{number}/{len(suggestions)}] skipped: overlaps a suggestion already accepted")
            continue
        answer = decided.get(change.filter)
        if answer is None:
            _show(say, text, change, number, len(suggestions), where)
            answer = ask("accept [a], reject [r], edit [e], all of this filter [A/R], quit [q]")
        if answer == "q":
            say("quit: the file is left untouched")
            return 1
        if answer in ("A", "R"):
            decided[change.filter] = answer
        if answer in ("a", "A"):
            accepted.append(Edit(change.start, change.end, change.after or "", change.reason))
        elif answer == "e":
            replacement = ask(f"replace {change.before!r} with")
            if replacement != change.before:  # the same text again is no change
                accepted.append(Edit(change.start, change.end, replacement, "edited in review"))
    final = apply_edits(text, accepted) if accepted else text
    if final == doc.text:
        say("nothing to write: the file is unchanged")
        return 0
    try:
        write_atomic(path, doc.encode(final), expect=doc.stamp)
    except (OSError, ZhcleanError) as exc:
        console().error(f"{path}: {exc}")
        return 2
    done = f"{_count(len(cleaned.edits), 'safe edit')} and {_count(len(accepted), 'reviewed change')}"
    say(f"wrote {doc.name}: {done}")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"


class _Positions:
    """Line:column in the original file of an offset in the cleaned text, so that a
    suggestion shows where ``zhclean --check`` shows it."""

    def __init__(self, original: str, cleaned: Result) -> None:
        self.offsets = OffsetMap()
        for stage in cleaned.stages:
            self.offsets.push(list(stage.edits))
        self.lines = LineIndex(original)

    def __call__(self, offset: int) -> tuple[int, int]:
        return self.lines.position(self.offsets.to_original(offset))


def _overlaps(change: Change, accepted: list[Edit]) -> bool:
    return any((change.start < e.end and e.start < change.end) or change.start == e.start for e in accepted)


def _show(
    say: Callable[[str], None],
    text: str,
    change: Change,
    number: int,
    total: int,
    where: Callable[[int], tuple[int, int]],
) -> None:
    left = text[max(0, change.start - CONTEXT) : change.start].rsplit("\n", 1)[-1]
    right = text[change.end : change.end + CONTEXT].split("\n", 1)[0]
    before, after = change.before or "", change.after or ""
    # [-removed-]{+inserted+}, as wdiff writes it, in colour on a terminal (and NO_COLOR honoured).
    removed, inserted = f"[-{before}-]", f"{{+{after}+}}"
    if console().out.color:
        removed = click.style(removed, fg="red")
        inserted = click.style(inserted, fg="green", bold=True)
    line, column = where(change.start)
    say("")
    say(f"[{number}/{total}] {line}:{column} {change.filter}")
    say(f"  {left}{removed}{inserted}{right}")
    say(f"  {change.reason}")


def _ask(prompt: str) -> str:
    if prompt.startswith("replace"):
        return str(click.prompt(prompt, default="", show_default=False))
    return str(click.prompt(prompt, type=click.Choice(CHOICES), show_choices=False))


def main(argv: Sequence[str]) -> int:
    """``zhclean review [--config FILE] FILE``."""

    from ..engine.docs import plain

    @click.command(
        name="zhclean review",
        help=plain(__doc__.splitlines()[0]),
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    @click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
    @click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), default=None)
    @color_option("the suggestions")
    def command(path: Path, config_path: Path | None, color: str) -> None:
        set_console(color)
        sys.exit(review(path, config_path))

    if "-" in argv:
        console().err.line(
            "error: zhclean review needs a file: it writes the decisions back to it (not stdin)"
        )
        return 2
    try:
        command.main(args=list(argv), prog_name="zhclean review", standalone_mode=False)
    except click.UsageError as exc:
        from .usage import show_usage_error

        show_usage_error(exc, "zhclean review")
        return 2
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        console().err.line("Aborted: the file is left untouched.")
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    return 0
