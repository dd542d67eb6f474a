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

from ..core.edits import Change, Edit, apply_edits
from ..core.errors import ZhcleanError

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
    from .main import effective_options, make_config

    ask = ask or _ask
    say = say or (lambda line: click.echo(line))
    try:
        doc = read_document(path)
        config = make_config(effective_options(config_path, {}, set()))
    except ZhcleanError as exc:
        click.echo(f"error: {exc}", err=True)
        return 2
    pipeline = Pipeline(config)
    cleaned = pipeline.run(doc.text)
    # Run again on the cleaned text (a fixpoint: no more edits) to position the suggestions in it.
    suggestions = sorted(pipeline.run(cleaned.text).suggestions, key=lambda c: c.start)
    text = cleaned.text
    say(
        f"{doc.name}: {len(cleaned.edits)} safe edit{'s' * (len(cleaned.edits) != 1)} applied, "
        f"{len(suggestions)} suggestion{'s' * (len(suggestions) != 1)} to review"
    )
    accepted: list[Edit] = []
    decided: dict[str, str] = {}  # filter -> "A" or "R" for the rest of its suggestions
    for number, change in enumerate(suggestions, 1):
        if _overlaps(change, accepted):
            say(f"[{number}/{len(suggestions)}] skipped: overlaps a suggestion already accepted")
            continue
        answer = decided.get(change.filter)
        if answer is None:
            _show(say, text, change, number, len(suggestions))
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
            accepted.append(Edit(change.start, change.end, replacement, "edited in review"))
    final = apply_edits(text, accepted) if accepted else text
    if final == doc.text:
        say("nothing to write: the file is unchanged")
        return 0
    try:
        write_atomic(path, doc.encode(final), expect=doc.stamp)
    except (OSError, ZhcleanError) as exc:
        click.echo(f"error: {path}: {exc}", err=True)
        return 2
    say(f"wrote {doc.name}: {len(cleaned.edits)} safe edits and {len(accepted)} reviewed changes")
    return 0


def _overlaps(change: Change, accepted: list[Edit]) -> bool:
    return any((change.start < e.end and e.start < change.end) or change.start == e.start for e in accepted)


def _show(say: Callable[[str], None], text: str, change: Change, number: int, total: int) -> None:
    left = text[max(0, change.start - CONTEXT) : change.start].rsplit("\n", 1)[-1]
    right = text[change.end : change.end + CONTEXT].split("\n", 1)[0]
    before, after = change.before or "", change.after or ""
    # [-removed-]{+inserted+}, as wdiff writes it, in colour on a terminal.
    styled = click.style(f"[-{before}-]", fg="red") + click.style(f"{{+{after}+}}", fg="green", bold=True)
    say("")
    say(f"[{number}/{total}] {change.line}:{change.column} {change.filter}")
    say(f"  {left}{styled}{right}")
    say(f"  {change.reason}")


def _ask(prompt: str) -> str:
    if prompt.startswith("replace"):
        return str(click.prompt(prompt, default="", show_default=False))
    return str(click.prompt(prompt, type=click.Choice(CHOICES), show_choices=False))


def main(argv: Sequence[str]) -> int:
    """``zhclean review [--config FILE] FILE``."""

    @click.command(name="zhclean review", help=__doc__.splitlines()[0])
    @click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
    @click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), default=None)
    def command(path: Path, config_path: Path | None) -> None:
        sys.exit(review(path, config_path))

    try:
        command.main(args=list(argv), prog_name="zhclean review", standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.exceptions.Abort:
        click.echo("Aborted: the file is left untouched.", err=True)
        return 1
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    return 0
