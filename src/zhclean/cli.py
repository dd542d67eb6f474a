"""The command line: a thin Click layer over the library and the files layer.

stdout carries only the payload (cleaned text, a diff, or JSON in --check mode); messages go to
stderr. A run decides its mode once from the flags, and a :class:`Report` owns the exit code.
"""

from __future__ import annotations

import enum
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .config import Config
from .errors import ConfigError, ZhcleanError

if TYPE_CHECKING:
    from .core import Change, Result
    from .files import Document
    from .pipeline import Pipeline

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2
HEADER_FILTER = "remove-page-furniture"


class Mode(enum.Enum):
    PRINT = "print"  # cleaned text to stdout
    OUTPUT = "output"  # cleaned text to -o FILE or DIR
    WRITE = "write"  # in place
    CHECK = "check"  # report only
    DIFF = "diff"  # unified diff to stdout


@dataclass
class Report:
    """What happened across all inputs; decides the exit code."""

    mode: Mode
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    edits: int = 0
    findings: int = 0
    suggestions: int = 0
    errors: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.failed += 1
        self.errors.append(message)
        click.echo(f"error: {message}", err=True)

    @property
    def exit_code(self) -> int:
        if self.failed:
            return EXIT_ERROR
        if self.mode in (Mode.CHECK, Mode.DIFF) and (self.changed or self.findings):
            return EXIT_CHANGES
        return EXIT_OK


EPILOG = """\b
Examples:
  zhclean report.txt > fixed.txt     clean one file to stdout (also installed as `clean`)
  cat report.txt | zhclean -         read stdin, write stdout
  zhclean --check docs/              report what would change; exit 1 if anything would
  zhclean --diff report.txt          show the changes as a unified diff
  zhclean -w corpus/                 clean files in place
  zhclean in_dir -o out_dir          write cleaned copies, mirroring in_dir
  zhclean --select normalize-punctuation,normalize-spacing report.txt

\b
Exit codes: 0 nothing to change (or written fine); 1 changes or findings in --check/--diff;
2 usage, decoding or I/O error.
"""


def _split_ids(ctx: click.Context, param: click.Parameter, value: Sequence[str]) -> tuple[str, ...] | None:
    if not value:
        return None
    return tuple(v for item in value for v in item.replace(",", " ").split())


def _list_filters(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from rich.console import Console
    from rich.table import Table

    from .filters import REGISTRY

    table = Table(title="zhclean filters, in pipeline order", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("what it does")
    for i, flt in enumerate(REGISTRY, 1):
        table.add_row(str(i), flt.id, flt.summary)
    Console(soft_wrap=False).print(table)
    ctx.exit(EXIT_OK)


def _explain(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if not value or ctx.resilient_parsing:
        return
    from .config import did_you_mean
    from .filters import BY_ID

    flt = BY_ID.get(value)
    if flt is None:
        raise click.BadParameter(f"unknown filter {value!r}{did_you_mean(value, BY_ID)}", ctx, param)
    click.echo(f"{flt.id}\n{'=' * len(flt.id)}\n\n{flt.doc}")
    ctx.exit(EXIT_OK)


class _Command(click.Command):
    """Lets ``--mark-gaps`` stand alone: a bare flag means the default marker.

    (Click's optional option values would swallow the next path: ``--mark-gaps report.txt``.)
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = [f"--mark-gaps={DEFAULT_GAP_MARK}" if a == "--mark-gaps" else a for a in args]
        return super().parse_args(ctx, args)


DEFAULT_GAP_MARK = "\u3014\u2026\u3015"  # 〔…〕


@click.command(
    cls=_Command,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EPILOG,
)
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write to this file, or mirror the inputs into this directory.",
)
@click.option(
    "-w", "--write", is_flag=True, help="Clean files in place (only files that change; atomically)."
)
@click.option("--check", is_flag=True, help="Write nothing; list every edit and finding; exit 1 if any.")
@click.option(
    "--diff", is_flag=True, help="Write nothing; print a unified diff to stdout; exit 1 if any change."
)
@click.option(
    "--select",
    multiple=True,
    callback=_split_ids,
    metavar="IDS",
    help="Run only these filters (comma-separated; repeatable).",
)
@click.option("--ignore", multiple=True, callback=_split_ids, metavar="IDS", help="Do not run these filters.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply edits that are only likely right.")
@click.option(
    "--mark-gaps",
    default=None,
    metavar="[=MARK]",
    help="Insert a marker (default 〔…〕, or --mark-gaps=MARK) where text was lost.",
)
@click.option(
    "--header",
    "headers",
    multiple=True,
    metavar="TEXT",
    help="A running header to remove at page tops (repeatable); batches also learn them.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Report format: text lines, or JSON Lines (one object per item).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but the payload and errors.")
@click.option(
    "--list-filters",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_list_filters,
    help="List the filters and exit.",
)
@click.option(
    "--explain",
    metavar="FILTER",
    expose_value=False,
    is_eager=True,
    callback=_explain,
    help="Show a filter's documentation and exit.",
)
@click.version_option(__version__, "-V", "--version", prog_name="zhclean")
def cli(
    paths: tuple[Path, ...],
    output: Path | None,
    write: bool,
    check: bool,
    diff: bool,
    select: tuple[str, ...] | None,
    ignore: tuple[str, ...] | None,
    unsafe_fixes: bool,
    mark_gaps: str | None,
    headers: tuple[str, ...],
    fmt: str,
    quiet: bool,
) -> None:
    """Clean OCR'd and scraped Chinese text: repair what extraction broke, explain every edit.

    PATHS are files or directories (walked for *.txt and *.md); none, or -, reads stdin.
    """
    chosen = [
        name
        for name, on in (("--write", write), ("--check", check), ("--diff", diff), ("--output", output))
        if on
    ]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} cannot be used together")
    mode = (
        Mode.WRITE
        if write
        else Mode.CHECK
        if check
        else Mode.DIFF
        if diff
        else Mode.OUTPUT
        if output
        else Mode.PRINT
    )

    from .pipeline import Pipeline

    try:
        pipeline = Pipeline(
            Config(
                select=select,
                ignore=ignore or (),
                unsafe_fixes=unsafe_fixes,
                running_headers=headers,
                mark_gaps=mark_gaps or None,
            )
        )
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None

    inputs = list(paths) or [Path("-")]
    stdin = [p for p in inputs if str(p) == "-"]
    if stdin and len(inputs) > 1:
        raise click.UsageError("- (stdin) cannot be combined with other paths")
    if stdin and mode is Mode.WRITE:
        raise click.UsageError("--write needs files; stdin is cleaned to stdout")

    runner = Runner(pipeline, mode, fmt, quiet, output)
    if stdin:
        runner.run_stdin()
    else:
        runner.run_paths(inputs)
    runner.finish()
    sys.exit(runner.report.exit_code)


class Runner:
    """Runs one invocation: reads, cleans, writes, reports."""

    def __init__(self, pipeline: Pipeline, mode: Mode, fmt: str, quiet: bool, output: Path | None) -> None:
        self.pipeline = pipeline
        self.mode = mode
        self.fmt = fmt
        self.quiet = quiet
        self.output = output
        self.report = Report(mode)

    # --- inputs ----------------------------------------------------------------------------------
    def run_stdin(self) -> None:
        from .files import decode

        try:
            doc = decode(sys.stdin.buffer.read(), "-")
        except ZhcleanError as exc:
            self.report.error(str(exc))
            return
        result = self._clean(doc)
        if result is None:
            return
        if self.mode is Mode.OUTPUT:
            assert self.output is not None
            self._write_output(doc, result, self.output)
        else:
            self._handle(doc, result, None)

    def run_paths(self, paths: list[Path]) -> None:
        from .files import discover

        for p in paths:
            if not p.exists() and not p.is_symlink():
                self.report.error(f"{p}: no such file or directory")
        existing = [p for p in paths if p.exists() or p.is_symlink()]
        sources = list(discover(existing))
        several = len(paths) > 1 or any(p.is_dir() for p in existing)
        if self.mode is Mode.PRINT and several:
            raise click.UsageError("several inputs: use --write, --check, --diff or -o DIR")
        out_is_dir = self.output is not None and (several or self.output.is_dir())
        if several:
            self._learn_headers([src.path for src in sources])
        for src in sources:
            self._run_file(src.path, src.relative, out_is_dir)

    def _learn_headers(self, paths: list[Path]) -> None:
        """Running headers that some page of the batch proves (by its page number or rule).

        A folder of OCR pages has one page per file: a header that page 7 shows above its rule
        is a header on page 8 too, where nothing else would prove it. Learned in a first pass
        that runs only the furniture filter.
        """
        from dataclasses import replace

        from .files import read_document
        from .pipeline import Pipeline

        config = self.pipeline.config
        if HEADER_FILTER not in {f.id for f in self.pipeline.filters}:
            return
        probe = Pipeline(Config(select=(HEADER_FILTER,), running_headers=config.running_headers))
        learned: dict[str, None] = {}
        for path in paths:
            try:
                text = read_document(path).text
            except ZhcleanError:
                continue  # reported when the file itself is processed
            for change in probe.run(text).edits:
                if change.reason.startswith("running header"):
                    learned.setdefault(change.before.strip(), None)
        new = tuple(h for h in learned if h not in config.running_headers)
        if new:
            self.pipeline = Pipeline(replace(config, running_headers=config.running_headers + new))

    def _run_file(self, path: Path, relative: Path, out_is_dir: bool) -> None:
        from .files import read_document

        try:
            doc = read_document(path)
        except ZhcleanError as exc:
            self.report.error(str(exc))
            return
        result = self._clean(doc)
        if result is None:
            return
        self._output(doc, result, path, relative, out_is_dir)

    def _output(self, doc: Document, result: Result, path: Path, relative: Path, out_is_dir: bool) -> None:
        if self.mode is Mode.OUTPUT:
            assert self.output is not None
            target = self.output / relative if out_is_dir else self.output
            self._write_output(doc, result, target)
        else:
            self._handle(doc, result, path)

    def _clean(self, doc: Document) -> Result | None:
        """Run the pipeline; a bug in a filter is one error line for this file, not a traceback."""
        try:
            return self.pipeline.run(doc.text)
        except Exception as exc:  # reported, and the batch goes on
            self.report.error(
                f"{doc.name}: internal error in zhclean ({type(exc).__name__}: {exc}); "
                "the file was left untouched; please report this with the file"
            )
            return None

    # --- outputs ---------------------------------------------------------------------------------
    def _count(self, result: Result) -> None:
        self.report.edits += len(result.edits)
        self.report.findings += len(result.findings)
        self.report.suggestions += len(result.suggestions)
        if result.changed:
            self.report.changed += 1
        else:
            self.report.unchanged += 1

    def _handle(self, doc: Document, result: Result, path: Path | None) -> None:
        self._count(result)
        if self.mode is Mode.PRINT:
            self._emit(doc.encode(result.text))
            self._print_items(doc.name, result, only_unapplied=True)
        elif self.mode is Mode.CHECK:
            self._print_items(doc.name, result, only_unapplied=False)
        elif self.mode is Mode.DIFF:
            if result.changed:
                self._emit(unified_diff(doc.name, doc.text, result.text).encode("utf-8"))
            self._print_items(doc.name, result, only_unapplied=True)
        elif self.mode is Mode.WRITE:
            assert path is not None
            if result.changed:
                self._write(path, doc, result)
            self._print_items(doc.name, result, only_unapplied=True)

    def _write_output(self, doc: Document, result: Result, target: Path) -> None:
        self._count(result)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.report.error(f"{target.parent}: cannot create directory ({exc.strerror or exc})")
            return
        self._write(target, doc, result)
        self._print_items(doc.name, result, only_unapplied=True)

    def _write(self, target: Path, doc: Document, result: Result) -> None:
        from .files import write_atomic

        try:
            write_atomic(target, doc.encode(result.text))
        except ZhcleanError as exc:
            self.report.error(str(exc))

    def _emit(self, data: bytes) -> None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()

    def _print_items(self, name: str, result: Result, *, only_unapplied: bool) -> None:
        items: list[Change] = (
            sorted((*result.suggestions, *result.findings), key=lambda c: c.start)
            if only_unapplied
            else result.items()
        )
        if self.quiet or not items:
            return
        if self.fmt == "json":
            import json

            to_stdout = self.mode is Mode.CHECK
            for item in items:
                line = json.dumps({"path": name, **item.to_dict()}, ensure_ascii=False)
                click.echo(line, err=not to_stdout)
        else:
            for item in items:
                click.echo(format_item(name, item), err=True)

    def finish(self) -> None:
        r = self.report
        if self.quiet or self.mode is Mode.PRINT:
            return
        files = r.changed + r.unchanged
        if self.mode is Mode.CHECK:
            verb = "would change"
        elif self.mode is Mode.DIFF:
            verb = "would change"
        else:
            verb = "changed"
        parts = [f"{files} file{'s' * (files != 1)} checked", f"{r.changed} {verb}"]
        if r.edits and self.mode is Mode.CHECK:
            parts.append(f"{r.edits} edit{'s' * (r.edits != 1)}")
        if r.suggestions:
            hint = "" if self.mode is Mode.CHECK else " (--check lists them, --unsafe-fixes applies them)"
            parts.append(f"{r.suggestions} suggestion{'s' * (r.suggestions != 1)} not applied{hint}")
        if r.findings:
            parts.append(f"{r.findings} finding{'s' * (r.findings != 1)}")
        if r.failed:
            parts.append(f"{r.failed} error{'s' * (r.failed != 1)}")
        click.echo(", ".join(parts) + ".", err=True)


def format_item(name: str, item: Change) -> str:
    """``path:line:col filter-id message``, the shape editors and CI annotators parse."""
    from .core import Kind

    if item.kind is Kind.FINDING:
        message = item.reason
    else:
        tag = "" if item.kind is Kind.EDIT else f"[{item.safety} suggestion] "
        message = f"{tag}{item.reason}: `{_visible(item.before)}` -> `{_visible(item.after or '')}`"
    return f"{name}:{item.line}:{item.column} {item.filter} {message}"


def _visible(text: str) -> str:
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


def unified_diff(name: str, old: str, new: str) -> str:
    import difflib

    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"{name}\t(original)",
        tofile=f"{name}\t(cleaned)",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the console scripts; also callable from tests (returns the exit code)."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="zhclean", standalone_mode=False)
    except click.exceptions.Exit as exc:
        return _finish(exc.exit_code, argv)
    except click.ClickException as exc:
        exc.show()
        return _finish(EXIT_ERROR, argv)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return _finish(130, argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else EXIT_ERROR
        return _finish(code, argv)
    except BrokenPipeError:
        # The reader went away (``zhclean big.txt | head``): stop quietly, as cat does.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return _finish(EXIT_ERROR, argv)
    return _finish(EXIT_OK, argv)


def _finish(code: int, argv: Sequence[str] | None) -> int:
    if argv is None:
        sys.exit(code)
    return code
