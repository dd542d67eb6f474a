"""The options of a command: defaults, then the configuration file, then the flags given."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.config import Config

DEFAULT_GAP_MARK = "\u3014\u2026\u3015"  # 〔…〕


def color_option(what: str):  # type: ignore[no-untyped-def]
    """The ``--color auto|always|never`` option of a command that colours ``what``."""
    import click

    from ..batch.console import COLOR_CHOICES

    return click.option(
        "--color",
        type=click.Choice(COLOR_CHOICES),
        default="auto",
        show_default=True,
        help=f"Colour {what} (auto: on a terminal, unless NO_COLOR is set).",
    )


def config_start(paths: Sequence[Path], stdin_filename: str | None = None) -> Path:
    """Where to look for the configuration: the common folder of the inputs (of the name stdin
    stands for), or the working directory for stdin."""
    named = [p for p in paths if str(p) != "-"]
    if not named and stdin_filename:
        named = [Path(stdin_filename)]
    if not named:
        return Path.cwd()
    folders = [os.path.abspath(p if p.is_dir() else p.parent) for p in named]
    try:
        return Path(os.path.commonpath(folders))
    except ValueError:  # different drives
        return Path.cwd()


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
    config_path: Path | None,
    flags: dict[str, Any],
    given: set[str] | None = None,
    start: Path | None = None,
) -> dict[str, Any]:
    """Defaults, then the configuration file, then the flags given on the command line.

    The file is ``config_path``, or the first found upward from ``start`` (the inputs' common
    folder; the working directory when None), as ruff and black find theirs.
    """
    from ..files.configfile import load, read_corrections, read_word_list

    if given is None:
        given = {k for k, v in flags.items() if v not in (None, (), False)}
    options = dict(DEFAULTS)
    found = load(config_path, start)
    base = found.path.parent if found.path else Path.cwd()
    options.update(found.values)
    if found.path is not None:
        _check_filter_ids(found.path, found.values)
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
        headers=tuple(options["headers"]),
        mark_gaps=options["mark-gaps"],
        script=options["script"],
        extend_allow=tuple(options["extend-allow"]),
        extend_corrections=tuple(options["extend-corrections"].items()),
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


def _check_filter_ids(path: Path, values: dict[str, Any]) -> None:
    """Filter ids a configuration file names: an unknown one is an error naming the file and
    the key (the pipeline would only name the id)."""
    from ..core.config import did_you_mean
    from ..core.errors import ConfigError
    from ..engine.filters import BY_ID
    from ..files.configfile import where

    for key in ("select", "ignore"):
        for fid in values.get(key) or ():
            if fid not in BY_ID:
                close = did_you_mean(fid, BY_ID).replace("'", "")
                raise ConfigError(f"{where(path)}{key}: unknown filter {fid}{close}")
