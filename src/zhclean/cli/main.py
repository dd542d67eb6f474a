"""The command line: a thin Click layer over the batch layer.

stdout carries only the payload: the cleaned text, a diff, or the diagnostics of ``--check``;
every other line goes to stderr through the one console (:mod:`zhclean.batch.console`). A run
decides its mode once from the flags, and the batch layer's :class:`Report` owns the exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..batch.console import console, set_console
from ..batch.diagnostics import FORMATS
from ..batch.jobs import default_jobs
from ..batch.summary import EXIT_CHANGES, EXIT_ERROR, EXIT_OK
from ..batch.tasks import Mode, Settings
from ..core.config import Config
from ..core.errors import ConfigError, UsageError
from .options import (
    DEFAULT_GAP_MARK,
    color_option,
    config_start,
    effective_options,
    make_config,
    render_options,
)
from .usage import show_usage_error

__all__ = ["EXIT_CHANGES", "EXIT_ERROR", "EXIT_OK", "cli", "main"]


EPILOG = """\b
Examples:
  zhclean report.txt > fixed.txt     clean one file to stdout (also installed as `clean`)
  cat report.txt | zhclean -         read stdin, write stdout
  zhclean --check docs/              report what would change; exit 1 if anything would
  zhclean --diff report.txt          show the changes as a unified diff
  zhclean review report.txt          decide the suggestions one by one, then write the file
  zhclean -w corpus/                 clean files in place
  zhclean in_dir -o out_dir          write cleaned copies, mirroring in_dir
  zhclean --select normalize-punctuation,normalize-spacing report.txt

\b
Exit codes: 0 nothing to change (or written fine); 1 changes or findings in --check/--diff,
findings left by --write/-o (--exit-zero: 0); 2 usage, configuration, decoding or I/O error.
"""


def _split_ids(ctx: click.Context, param: click.Parameter, value: Sequence[str]) -> tuple[str, ...] | None:
    if not value:
        return None
    return tuple(v for item in value for v in item.replace(",", " ").split())


def _list_filters(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """The filters in pipeline order: a table on a terminal, ``id<TAB>summary`` lines in a pipe."""
    if not value or ctx.resilient_parsing:
        return
    from ..engine.docs import plain
    from ..engine.filters import REGISTRY

    out = console().out
    if not sys.stdout.isatty():
        for flt in REGISTRY:
            out.line(f"{flt.id}\t{plain(flt.summary)}")
        ctx.exit(EXIT_OK)
    from rich.table import Table

    table = Table(title="zhclean filters, in pipeline order", title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("id", style="bold cyan", no_wrap=True)
    table.add_column("what it does")
    for i, flt in enumerate(REGISTRY, 1):
        table.add_row(str(i), flt.id, plain(flt.summary))
    out.rich.print(table)
    ctx.exit(EXIT_OK)


def _explain(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if not value or ctx.resilient_parsing:
        return
    from ..core.config import did_you_mean
    from ..engine.docs import plain
    from ..engine.filters import BY_ID

    flt = BY_ID.get(value)
    if flt is None:
        hint = did_you_mean(value, BY_ID) or " (zhclean --list-filters lists them)"
        console().error(f"--explain: unknown filter {value!r}{hint}")
        ctx.exit(EXIT_ERROR)
    console().out.line(f"{flt.id}\n{'=' * len(flt.id)}\n\n{plain(flt.doc)}")
    ctx.exit(EXIT_OK)


class _Command(click.Command):
    """Lets ``--mark-gaps`` stand alone: a bare flag means the default marker.

    (Click's optional option values would swallow the next path: ``--mark-gaps report.txt``.)
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        args = [f"--mark-gaps={DEFAULT_GAP_MARK}" if a == "--mark-gaps" else a for a in args]
        return super().parse_args(ctx, args)


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
    "--report",
    "report_path",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="Also write a self-contained HTML report of every change to FILE.",
)
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
@click.option(
    "--unsafe-fixes", is_flag=True, default=None, help="Also apply edits that are only likely right."
)
@click.option(
    "--mark-gaps",
    default=None,
    metavar="[=MARK]",
    help="Insert a marker (default 〔…〕, or --mark-gaps=MARK) where text was lost.",
)
@click.option(
    "--script",
    type=click.Choice(["s", "t", "tw", "hk"]),
    default=None,
    help="Convert whole documents to simplified (s) or traditional (t, tw, hk) characters.",
)
@click.option(
    "--header",
    "headers",
    multiple=True,
    metavar="TEXT",
    help="A running header to remove at page tops (repeatable); batches also learn them.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes (default: the number of cores).",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="Files to take in directories (.gitignore patterns; default *.txt, *.md; repeatable).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Files and folders to leave alone (.gitignore patterns; repeatable).",
)
@click.option(
    "--force-exclude",
    is_flag=True,
    default=None,
    help="Apply --exclude to files named on the command line too.",
)
@click.option(
    "--no-gitignore", "no_gitignore", is_flag=True, default=None, help="Do not skip what .gitignore ignores."
)
@click.option(
    "--encoding", metavar="CODEC", default=None, help="Read files in this encoding instead of detecting it."
)
@click.option(
    "--output-encoding",
    metavar="CODEC",
    default=None,
    help="Write in this encoding (e.g. utf-8) instead of the file's own.",
)
@click.option(
    "--jsonl", is_flag=True, default=None, help="Clean one field of each record of JSON Lines files."
)
@click.option("--field", default=None, metavar="NAME", help="The field --jsonl cleans (default: text).")
@click.option(
    "--max-record-size",
    "max_record",
    type=click.IntRange(min=1),
    default=None,
    metavar="MIB",
    help="Refuse a JSON Lines record longer than this (default: 16 MiB; each is read whole).",
)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read settings from this file.",
)
@click.option("--show-config", is_flag=True, help="Print the effective configuration and exit.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="How items print: path:line:col: lines, JSON Lines, or GitHub Actions annotations.",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print a count per filter and kind instead of each item.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when --check, --diff or --write leave changes or findings (errors are still 2).",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    default=None,
    help="The file stdin stands for: its name in messages, its configuration, its kind (.md).",
)
@color_option("diagnostics and diffs")
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
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=lambda ctx, _param, value: _print_version(ctx) if value else None,
    help="Show the version and the models in use, and exit.",
)
@click.pass_context
def cli(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output: Path | None,
    write: bool,
    check: bool,
    diff: bool,
    report_path: Path | None,
    fmt: str,
    statistics: bool,
    exit_zero: bool,
    stdin_filename: str | None,
    color: str,
    quiet: bool,
    show_config: bool,
    config_path: Path | None,
    **flags: Any,
) -> None:
    """Clean OCR'd and scraped Chinese text: repair what extraction broke, explain every edit.

    PATHS are files or directories (walked for *.txt and *.md); none, or -, reads stdin.
    """
    set_console(color)
    chosen = [n for n, on in (("--write", write), ("--diff", diff), ("--output", output)) if on]
    if check and not diff:
        chosen.insert(0, "--check")
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} cannot be used together")
    # --check --diff is --diff: the diff on stdout, exit 1 if anything would change (as black).
    mode = (
        Mode.WRITE
        if write
        else Mode.DIFF
        if diff
        else Mode.CHECK
        if check
        else Mode.OUTPUT
        if output
        else Mode.PRINT
    )
    inputs = list(paths) or [Path("-")]
    stdin = [p for p in inputs if str(p) == "-"]
    try:
        from click.core import ParameterSource

        given = {k for k in flags if ctx.get_parameter_source(k) is ParameterSource.COMMANDLINE}
        options = effective_options(config_path, flags, given, start=config_start(inputs, stdin_filename))
        _warn_skipped_configs()
        from ..files.configfile import codec_problem

        for key in ("encoding", "output-encoding"):
            problem = options[key] and codec_problem(options[key])
            if problem:
                raise ConfigError(f"--{key}: {problem}")
        config = make_config(options)
        from ..engine.pipeline import Pipeline

        Pipeline(config)  # validates filter ids
    except ConfigError as exc:
        # One line that names the file (or option) and the key: not a usage banner.
        console().error(str(exc))
        ctx.exit(EXIT_ERROR)
    if show_config:
        console().out.line(render_options(options))
        ctx.exit(EXIT_OK)

    if stdin and len(inputs) > 1:
        raise click.UsageError("- (stdin) cannot be combined with other paths")
    if stdin and mode is Mode.WRITE:
        raise click.UsageError("--write needs files; stdin is cleaned to stdout")
    if stdin_filename is not None and not stdin:
        raise click.UsageError("--stdin-filename names stdin: give no paths, or -")
    if stdin and not paths and _stdin_is_terminal():
        # Nothing piped in: say what zhclean waits for instead of waiting silently.
        console().note("reading stdin (end with Ctrl-D); zhclean --help shows how to name files")

    settings = Settings(
        config=config,
        mode=mode,
        fmt=fmt,
        quiet=quiet,
        output=output,
        encoding=options["encoding"],
        output_encoding=options["output-encoding"],
        jsonl_field=options["field"] if options["jsonl"] else None,
        max_record=(options["max-record-size"] or 16) * 1024 * 1024,
        report=report_path is not None,
        jobs=options["jobs"] or default_jobs(),
    )
    from ..batch.runner import Runner

    config_for = None
    if config_path is None and not stdin:
        config_for = _nearest_config(options.get("config-file"), flags, given)
    runner = Runner(
        settings, settings.jobs, statistics=statistics, exit_zero=exit_zero, config_for=config_for
    )
    from ..files.documents import Discovery

    discovery = Discovery(
        include=tuple(options["include"]),
        exclude=tuple(options["exclude"]) + tuple(options["extend-exclude"]),
        force_exclude=options["force-exclude"],
        respect_gitignore=options["respect-gitignore"],
    )
    try:
        if stdin:
            # An editor passes an excluded file's text too: with --force-exclude it comes back
            # as it went in (as ruff does).
            excluded = bool(
                stdin_filename and discovery.force_exclude and discovery.excludes(Path(stdin_filename))
            )
            runner.run_stdin(stdin_filename or "-", excluded=excluded)
        else:
            runner.run_paths(inputs, discovery)
    except UsageError as exc:
        raise click.UsageError(str(exc)) from None
    runner.finish()
    if report_path is not None:
        runner.write_report(report_path)
    sys.exit(runner.report.exit_code)


def _warn_skipped_configs() -> None:
    from ..files.configfile import SKIPPED

    for message in dict.fromkeys(SKIPPED):
        console().err.parts([("warning", "suggestion"), (f": {message}", "")])
    SKIPPED.clear()


def _nearest_config(run_file: str | None, flags: dict[str, Any], given: set[str]):  # type: ignore[no-untyped-def]
    """Each file's configuration: the nearest file upward from its folder, as ruff and black
    find it, where that is not the run's own (the flags given still override it)."""
    from ..files.configfile import find_config

    by_folder: dict[Path, Path | None] = {}
    configs: dict[Path, Config] = {}

    def config_for(path: Path) -> Config | None:
        folder = path.parent.absolute()
        if folder not in by_folder:
            by_folder[folder] = find_config(folder)
        found = by_folder[folder]
        if found is None or (run_file is not None and str(found) == run_file):
            return None
        if found not in configs:
            configs[found] = make_config(effective_options(found, flags, given))
        return configs[found]

    return config_for


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, ValueError):
        return False


def _print_version(ctx: click.Context) -> None:
    """The version, and the language models the filters consult (loaded to be described)."""
    from ..core.lm import char_model, word_model

    lm = char_model()
    out = console().out
    out.line(f"zhclean, version {__version__}")
    out.line(
        f"character model: zhclean/data/charlm.npz, {lm.size} characters, "
        f"{len(lm.trigram_keys)} trigrams (look-alike suggestions)"
    )
    words = word_model()
    if words is None:
        hint = "apt-get install libime-data-language-model; pip install 'zhclean[lm]'"
        out.line(f"word model: none (optional: {hint})")
    else:
        out.line(f"word model: {words.path} (second opinion on look-alikes)")
    ctx.exit(EXIT_OK)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point for the console scripts; also callable from tests (returns the exit code)."""
    args = list(argv) if argv is not None else sys.argv[1:]
    if args[:1] == ["review"]:  # a subcommand, as ruff's; a file named review: ./review
        from .review import main as review_main

        return _finish(review_main(args[1:]), argv)
    try:
        code = cli.main(
            args=list(argv) if argv is not None else None, prog_name="zhclean", standalone_mode=False
        )
        if isinstance(code, int):  # ctx.exit(code): click returns it when not standalone
            return _finish(code, argv)
    except click.exceptions.Exit as exc:
        return _finish(exc.exit_code, argv)
    except click.UsageError as exc:
        show_usage_error(exc, "zhclean")
        return _finish(EXIT_ERROR, argv)
    except click.ClickException as exc:
        exc.show()
        return _finish(EXIT_ERROR, argv)
    except click.exceptions.Abort:
        console().err.line("Aborted.")
        return _finish(130, argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else EXIT_ERROR
        return _finish(code, argv)
    except BrokenPipeError:
        # The reader went away (``zhclean big.txt | head``): stop quietly, as cat does.
        _drop_stdout()
        return _finish(EXIT_ERROR, argv)
    except OSError as exc:
        # Every file's own trouble is reported where it is read or written: what gets here is
        # a failing stdout (a full disk under ``> out.txt``, /dev/full). One line, exit 2.
        _output_failed(exc)
        return _finish(EXIT_ERROR, argv)
    return _finish(EXIT_OK, argv)


def _drop_stdout() -> None:
    """Point stdout at /dev/null, so that the interpreter's last flush cannot fail again."""
    import os

    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _output_failed(exc: OSError) -> None:
    _drop_stdout()
    console().error(f"cannot write the output (stdout): {exc.strerror or exc}")


def _finish(code: int, argv: Sequence[str] | None) -> int:
    try:
        sys.stdout.flush()  # a late write error still ends the run in one line, not at exit
    except BrokenPipeError:
        _drop_stdout()
    except OSError as exc:
        _output_failed(exc)
        code = EXIT_ERROR
    if argv is None:
        sys.exit(code)
    return code
