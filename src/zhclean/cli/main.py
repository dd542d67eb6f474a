"""The command line: a thin Click layer over the library, the files layer and the runner.

stdout carries only the payload (cleaned text, a diff, or JSON in --check mode); messages go to
stderr. A run decides its mode once from the flags, and a :class:`Report` owns the exit code.
"""

from __future__ import annotations

import errno
import os
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..batch.jobs import default_jobs, file_sizes, run_tasks
from ..batch.tasks import Mode, Outcome, Settings, Status, Task
from ..core.config import Config
from ..core.errors import ConfigError, ZhcleanError

EXIT_OK, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2
HEADER_FILTER = "remove-page-furniture"
# Files up to this size may be single OCR pages, whose headers other pages can prove.
PAGE_MAX = 32 * 1024


def file_sizes_of(sources: Sequence[Any]) -> list[int]:
    return file_sizes(Task(src.path, src.relative) for src in sources)


@dataclass
class Report:
    """What happened across all inputs; decides the exit code."""

    mode: Mode
    files: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    edits: int = 0
    findings: int = 0
    suggestions: int = 0
    per_filter: Counter[str] = field(default_factory=Counter)

    def error(self, message: str) -> None:
        self.failed += 1
        click.echo(f"error: {message}", err=True)

    def note(self, message: str) -> None:
        click.echo(f"note: {message}", err=True)

    def add(self, outcome: Outcome) -> None:
        self.files += 1
        self.edits += outcome.edits
        self.findings += outcome.findings
        self.suggestions += outcome.suggestions
        self.per_filter.update(outcome.per_filter)
        if outcome.status is Status.CHANGED:
            self.changed += 1
        elif outcome.status is Status.UNCHANGED:
            self.unchanged += 1
        elif outcome.status is Status.SKIPPED:
            self.skipped += 1
        else:
            self.failed += 1

    @property
    def exit_code(self) -> int:
        if self.failed:
            return EXIT_ERROR
        if self.mode in (Mode.CHECK, Mode.DIFF) and (self.changed or self.findings):
            return EXIT_CHANGES
        return EXIT_OK

    def summary_line(self) -> str:
        files = self.changed + self.unchanged
        verb = "would change" if self.mode in (Mode.CHECK, Mode.DIFF) else "changed"
        parts = [f"{files} file{'s' * (files != 1)} checked", f"{self.changed} {verb}"]
        if self.edits and self.mode is Mode.CHECK:
            parts.append(f"{self.edits} edit{'s' * (self.edits != 1)}")
        if self.suggestions:
            hint = "" if self.mode is Mode.CHECK else " (--check lists them, --unsafe-fixes applies them)"
            parts.append(f"{self.suggestions} suggestion{'s' * (self.suggestions != 1)} not applied{hint}")
        if self.findings:
            parts.append(f"{self.findings} finding{'s' * (self.findings != 1)}")
        if self.skipped:
            parts.append(f"{self.skipped} skipped")
        if self.failed:
            parts.append(f"{self.failed} error{'s' * (self.failed != 1)}")
        return ", ".join(parts) + "."

    def print_table(self) -> None:
        from rich.console import Console
        from rich.table import Table

        table = Table(title="zhclean", title_justify="left", show_header=False)
        table.add_column("what")
        table.add_column("count", justify="right")
        verb = "would change" if self.mode in (Mode.CHECK, Mode.DIFF) else "changed"
        for label, value in (
            ("files scanned", self.files),
            (verb, self.changed),
            ("unchanged", self.unchanged),
            ("skipped", self.skipped),
            ("failed", self.failed),
            ("suggestions not applied", self.suggestions),
            ("findings", self.findings),
        ):
            table.add_row(label, str(value))
        for fid, count in sorted(self.per_filter.items(), key=lambda kv: -kv[1]):
            table.add_row(f"  edits by {fid}", str(count))
        Console(stderr=True).print(table)


class Progress:
    """A rich progress bar on stderr (files, bytes, rate, ETA), only on a terminal."""

    def __init__(self, files: int, size: int, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty() and files > 1
        self.files, self.size = files, size
        self._bar: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("cleaning"),
                BarColumn(),
                TextColumn("{task.fields[done]}/{task.fields[files]} files"),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                transient=True,
                redirect_stdout=False,
                redirect_stderr=True,
            )
            self._bar.__enter__()
            self._task = self._bar.add_task("files", total=max(1, self.size), done=0, files=self.files)
        return self

    def advance(self, size: int) -> None:
        if self._bar is not None:
            task = self._bar.tasks[0]
            self._bar.update(self._task, advance=size, done=task.fields["done"] + 1)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)


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

    from ..engine.filters import REGISTRY

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
    from ..core.config import did_you_mean
    from ..engine.filters import BY_ID

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
    help="Files to take in directories (default *.txt, *.md; repeatable).",
)
@click.option(
    "--exclude", multiple=True, metavar="GLOB", help="Files and folders to leave alone (repeatable)."
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
    quiet: bool,
    show_config: bool,
    config_path: Path | None,
    **flags: Any,
) -> None:
    """Clean OCR'd and scraped Chinese text: repair what extraction broke, explain every edit.

    PATHS are files or directories (walked for *.txt and *.md); none, or -, reads stdin.
    """
    chosen = [
        n for n, on in (("--write", write), ("--check", check), ("--diff", diff), ("--output", output)) if on
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
    try:
        from click.core import ParameterSource

        given = {k for k in flags if ctx.get_parameter_source(k) is ParameterSource.COMMANDLINE}
        options = effective_options(config_path, flags, given)
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
        click.echo(f"error: {exc}", err=True)
        ctx.exit(EXIT_ERROR)
    if show_config:
        click.echo(render_options(options))
        ctx.exit(EXIT_OK)

    inputs = list(paths) or [Path("-")]
    stdin = [p for p in inputs if str(p) == "-"]
    if stdin and len(inputs) > 1:
        raise click.UsageError("- (stdin) cannot be combined with other paths")
    if stdin and mode is Mode.WRITE:
        raise click.UsageError("--write needs files; stdin is cleaned to stdout")

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
    runner = Runner(settings, settings.jobs)
    if stdin:
        runner.run_stdin()
    else:
        from ..files.documents import Discovery

        discovery = Discovery(
            include=tuple(options["include"]),
            exclude=tuple(options["exclude"]) + tuple(options["extend-exclude"]),
            force_exclude=options["force-exclude"],
            respect_gitignore=options["respect-gitignore"],
        )
        runner.run_paths(inputs, discovery)
    runner.finish()
    if report_path is not None:
        runner.write_report(report_path)
    sys.exit(runner.report.exit_code)


def _print_version(ctx: click.Context) -> None:
    """The version, and the language models the filters consult (loaded to be described)."""
    from ..core.lm import char_model, word_model

    lm = char_model()
    click.echo(f"zhclean, version {__version__}")
    click.echo(
        f"character model: zhclean/data/charlm.npz, {lm.size} characters, "
        f"{len(lm.trigram_keys)} trigrams (look-alike suggestions)"
    )
    words = word_model()
    if words is None:
        hint = "apt-get install libime-data-language-model; pip install 'zhclean[lm]'"
        click.echo(f"word model: none (optional: {hint})")
    else:
        click.echo(f"word model: {words.path} (second opinion on look-alikes)")
    ctx.exit(EXIT_OK)


DEFAULTS: dict[str, Any] = {
    "select": None,
    "ignore": [],
    "unsafe-fixes": False,
    "mark-gaps": None,
    "script": None,
    "headers": [],
    "include": ["*.txt", "*.md"],
    "exclude": [],
    "extend-exclude": [],
    "force-exclude": False,
    "respect-gitignore": True,
    "jobs": None,
    "encoding": None,
    "output-encoding": None,
    "jsonl": False,
    "field": "text",
    "max-record-size": None,
    "extend-allow": [],
    "extend-corrections": {},
}
# Command-line flag -> configuration key, for the flags that have one.
FLAG_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "unsafe_fixes": "unsafe-fixes",
    "mark_gaps": "mark-gaps",
    "script": "script",
    "headers": "headers",
    "jobs": "jobs",
    "include": "include",
    "exclude": "exclude",
    "force_exclude": "force-exclude",
    "encoding": "encoding",
    "output_encoding": "output-encoding",
    "jsonl": "jsonl",
    "field": "field",
    "max_record": "max-record-size",
}


def effective_options(
    config_path: Path | None, flags: dict[str, Any], given: set[str] | None = None
) -> dict[str, Any]:
    """Defaults, then the configuration file, then the flags given on the command line."""
    from ..files.configfile import load, read_corrections, read_word_list

    if given is None:
        given = {k for k, v in flags.items() if v not in (None, (), False)}
    options = dict(DEFAULTS)
    found = load(config_path)
    base = found.path.parent if found.path else Path.cwd()
    options.update(found.values)
    options["config-file"] = str(found.path) if found.path else None
    for flag, key in FLAG_KEYS.items():
        if flag in given:
            value = flags[flag]
            options[key] = list(value) if isinstance(value, tuple) else value
    if "select" in given and "ignore" not in given:
        options["ignore"] = []  # a selection on the command line is what the user wants run
    if flags.get("no_gitignore"):
        options["respect-gitignore"] = False
    if options["mark-gaps"] is True:
        options["mark-gaps"] = DEFAULT_GAP_MARK
    elif options["mark-gaps"] is False:
        options["mark-gaps"] = None
    # Files a configuration names are read relative to it, and only inside its folder unless
    # the configuration was named on the command line (one found upward may be untrusted).
    confined = config_path is None
    files = {k: options[k] for k in ("extend-allow", "extend-corrections") if isinstance(options[k], str)}
    options["extend-allow"] = list(read_word_list(options["extend-allow"], base, confined))
    options["extend-corrections"] = dict(read_corrections(options["extend-corrections"], base, confined))
    options["data-files"] = files
    return options


def make_config(options: dict[str, Any]) -> Config:
    return Config(
        select=tuple(options["select"]) if options["select"] is not None else None,
        ignore=tuple(options["ignore"]),
        unsafe_fixes=bool(options["unsafe-fixes"]),
        running_headers=tuple(options["headers"]),
        mark_gaps=options["mark-gaps"],
        script=options["script"],
        allow=tuple(options["extend-allow"]),
        corrections=tuple(options["extend-corrections"].items()),
    )


def render_options(options: dict[str, Any]) -> str:
    """The effective configuration as TOML, ready to paste under [tool.zhclean]."""
    import json

    lines = [f"# from {options['config-file'] or 'defaults'} and the command line", "[tool.zhclean]"]
    files = options.get("data-files", {})
    for key in DEFAULTS:
        value = options[key]
        if key in files:  # its file's name, not its content
            lines.append(f"{key} = {json.dumps(files[key], ensure_ascii=False)}  # {len(value)} entries")
        elif value is None:
            lines.append(f"# {key} is not set")
        elif isinstance(value, dict):
            inner = ", ".join(
                f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}"
                for k, v in value.items()
            )
            lines.append(f"{key} = {{{inner}}}")
        else:
            lines.append(f"{key} = {json.dumps(value, ensure_ascii=False).replace('null', 'false')}")
    return "\n".join(lines)


class Runner:
    """Runs one invocation: builds the tasks, runs them, prints their outcomes in order."""

    def __init__(self, settings: Settings, jobs: int) -> None:
        self.settings = settings
        self.jobs = jobs
        self.report = Report(settings.mode)
        self._details: list[Any] = []

    def run_stdin(self) -> None:
        from ..files.documents import read_bounded

        try:
            data = read_bounded(sys.stdin.buffer, "-")
        except ZhcleanError as exc:
            self.report.error(str(exc))
            return
        task = Task(None, Path("-"), data=data)
        for outcome in run_tasks([task], self.settings, 1):
            self._take(outcome)

    def run_paths(self, paths: list[Path], discovery: Any) -> None:
        from ..files.documents import display

        for p in paths:
            if p.is_symlink() and not p.exists():
                loop = False
                try:
                    os.stat(p)
                except OSError as exc:
                    loop = exc.errno == errno.ELOOP
                self.report.error(f"{display(p)}: {'symbolic link loop' if loop else 'broken symbolic link'}")
            elif not p.exists():
                self.report.error(f"{display(p)}: no such file or directory")
        existing = [p for p in paths if p.exists()]
        several = len(paths) > 1 or any(p.is_dir() for p in existing)
        if self.settings.mode is Mode.PRINT and several:
            raise click.UsageError("several inputs: use --write, --check, --diff or -o DIR")
        if self.settings.jsonl_field is not None:
            discovery = replace(
                discovery,
                include=("*.jsonl",) if discovery.include == ("*.txt", "*.md") else discovery.include,
            )
        sources = list(discovery.discover(existing))
        for left in discovery.leftovers:
            self.report.note(f"{display(left)}: left by an interrupted zhclean run; safe to delete")
        output = self.settings.output
        out_is_dir = output is not None and (several or output.is_dir())
        self.settings = replace(self.settings, out_is_dir=out_is_dir)
        if several and self.settings.jsonl_field is None:
            pages = [
                p
                for p, size in zip((src.path for src in sources), file_sizes_of(sources), strict=True)
                if size <= PAGE_MAX
            ]
            if len(pages) >= 2:
                self._learn_headers(pages)
        tasks = [Task(src.path, src.relative) for src in sources]
        if out_is_dir:
            tasks = self._without_collisions(tasks)
        sizes = file_sizes(tasks)
        with Progress(len(tasks), sum(sizes), enabled=several and not self.settings.quiet) as progress:
            for outcome, size in zip(run_tasks(tasks, self.settings, self.jobs, sizes), sizes, strict=True):
                self._take(outcome)
                progress.advance(size)

    def _without_collisions(self, tasks: list[Task]) -> list[Task]:
        """Inputs that would be written to the same file under -o DIR (d1/a.txt and d2/a.txt):
        none of them is written, each is an error (one would silently replace the other)."""
        by_target: dict[Path, list[Task]] = {}
        for task in tasks:
            by_target.setdefault(task.relative, []).append(task)
        clash = {rel for rel, group in by_target.items() if len(group) > 1}
        for rel in sorted(clash):
            names = ", ".join(t.name for t in by_target[rel])
            assert self.settings.output is not None
            from ..files.documents import display

            target = display(self.settings.output / rel)
            self.report.error(f"{target}: {names} would all be written here; none was (clean one at a time)")
        return [t for t in tasks if t.relative not in clash]

    def _learn_headers(self, paths: list[Path]) -> None:
        """Running headers that some page of the batch proves (by its page number or rule).

        A folder of OCR pages has one page per file: a header that page 7 shows above its rule
        is a header on page 8 too, where nothing else would prove it. Learned in a first pass
        that runs only the furniture filter.
        """
        from ..engine.pipeline import Pipeline
        from ..files.documents import read_document

        config = self.settings.config
        if HEADER_FILTER not in {f.id for f in Pipeline(config).filters}:
            return
        probe = Pipeline(Config(select=(HEADER_FILTER,), running_headers=config.running_headers))
        learned: dict[str, None] = {}
        suggested: Counter[str] = Counter()
        for path in paths:
            try:
                text = read_document(path, encoding=self.settings.encoding).text
            except ZhcleanError:
                continue  # reported when the file itself is processed
            result = probe.run(text)
            for change in result.edits:
                # Only what one page proves: a header learned from its recurrence across a
                # document's pages is that document's, and may be another's title.
                if change.reason.startswith("running header") and change.reason.endswith("above its rule"):
                    learned.setdefault(change.before.strip(), None)
            for change in result.suggestions:
                if "on a numbered page?" in change.reason:
                    suggested[change.before.strip()] += 1
        # The first line of numbered single pages: a header when two pages of the batch show it.
        for header, pages in suggested.items():
            if pages >= 2:
                learned.setdefault(header, None)
        new = tuple(h for h in learned if h not in config.running_headers)
        if new:
            config = replace(config, running_headers=config.running_headers + new)
            self.settings = replace(self.settings, config=config)

    def _take(self, outcome: Outcome) -> None:
        self.report.add(outcome)
        if self.settings.report:
            self._details.append(self._details_of(outcome))
        if outcome.stdout:
            sys.stdout.buffer.write(outcome.stdout)
            sys.stdout.buffer.flush()
        for line in outcome.messages:
            click.echo(line, err=True)
        for line in outcome.errors:
            click.echo(f"error: {line}", err=True)

    @staticmethod
    def _details_of(outcome: Outcome) -> Any:
        from ..batch.report import FileDetails

        if outcome.details is not None:
            return outcome.details
        details = FileDetails(outcome.name)
        if outcome.edits or outcome.suggestions or outcome.findings:
            # Streamed large files and JSON Lines corpora: counts only.
            details.note = (
                f"{outcome.edits} edits, {outcome.suggestions} suggestions, {outcome.findings} findings "
                "(a large file or a JSON Lines corpus: zhclean --check lists them)"
            )
        return details

    def write_report(self, path: Path) -> None:
        """The HTML report of this run, written atomically."""
        from .. import __version__
        from ..batch.report import render
        from ..files.documents import write_atomic

        r = self.report
        totals = {
            "files": r.files,
            "changed": r.changed,
            "edits": r.edits,
            "suggestions not applied": r.suggestions,
            "findings": r.findings,
        }
        page = render(self._details, totals, r.per_filter, __version__)
        try:
            write_atomic(path, page.encode("utf-8"))
        except ZhcleanError as exc:
            self.report.error(f"{exc}; the report was not written")
            return
        except OSError as exc:
            self.report.error(f"{path}: cannot write the report ({exc.strerror or exc})")
            return
        if not self.settings.quiet:
            click.echo(f"report: {path}", err=True)

    def finish(self) -> None:
        r = self.report
        if self.settings.quiet or (self.settings.mode is Mode.PRINT and not r.skipped):
            return
        if sys.stderr.isatty() and r.files > 1:
            r.print_table()
        else:
            click.echo(r.summary_line(), err=True)


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
